// Event Grid custom topic the observer publishes report events to, as CloudEvents 1.0.
// The input schema is fixed at creation. Local (key/SAS) auth is off: publishing needs an Entra
// token with EventGrid Data Sender (rbac.bicep).
param name string
param location string
param tags object

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    minimumTlsVersionAllowed: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

output name string = topic.name
output endpoint string = topic.properties.endpoint
