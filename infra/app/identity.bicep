// The user-assigned managed identity the function app runs as. Every data-plane role is granted
// to it in rbac.bicep; the app reaches storage, Event Hubs, Event Grid and App Insights with it.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
