// ObserveRTC Observer for Azure: everything one environment needs, deployed by `azd up`.
// Subscription scope: creates the resource group, then the modules under app/ inside it.
// Raw resource declarations only (no registry modules), so `bicep build` works offline.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; part of every resource name and of the resource group name.')
param environmentName string

@minLength(1)
@description('Region for all resources. Must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the developer running azd (AZURE_PRINCIPAL_ID). Gets the same data roles as the app, plus Event Hubs Data Sender, so they can send test samples and read reports. Empty: no developer roles.')
param principalId string = ''

@description('Type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Partitions of the samples event hub. Fixed after creation (Standard tier); caps Functions scale-out at one instance per partition.')
@minValue(1)
@maxValue(32)
param eventHubPartitionCount int = 4

@description('Name of the event hub that receives the WebRTC samples.')
param eventHubName string = 'webrtc-samples'

@description('Consumer group the observer reads with (one per consuming app).')
param eventHubConsumerGroupName string = 'observer'

@description('How long Event Hubs keeps samples, in hours (Standard tier: 1-168).')
@minValue(1)
@maxValue(168)
param eventHubRetentionInHours int = 24

@description('Prefix of the report tables the observer writes (ObserveRtc__Storage__TablePrefix).')
param tablePrefix string = 'observertc'

@description('Durable Functions task hub name (letters and digits, starting with a letter).')
param taskHubName string = 'observertc'

@description('.NET isolated worker version on Flex Consumption.')
param dotnetVersion string = '10.0'

@description('Memory per Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound of Flex Consumption instances.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Names are computed here, not read from module outputs, so that What-If can predict the role
// assignments and the app (the linter's what-if-short-circuiting rule).
var functionAppName = 'func-observer-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var eventHubsNamespaceName = 'evhns-${resourceToken}'
var eventGridTopicName = 'evgt-${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-observer-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: 'app-package'
  }
}

module eventHubs 'app/eventhubs.bicep' = {
  name: 'eventhubs'
  scope: rg
  params: {
    namespaceName: eventHubsNamespaceName
    eventHubName: eventHubName
    consumerGroupName: eventHubConsumerGroupName
    partitionCount: eventHubPartitionCount
    retentionInHours: eventHubRetentionInHours
    location: location
    tags: tags
  }
}

module eventGrid 'app/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    name: eventGridTopicName
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    eventHubsNamespaceName: eventHubsNamespaceName
    eventHubName: eventHubName
    eventGridTopicName: eventGridTopicName
    applicationInsightsName: applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    developerPrincipalId: principalId
    developerPrincipalType: principalType
  }
  dependsOn: [
    storage
    eventHubs
    eventGrid
    monitoring
  ]
}

module observer 'app/observer.bicep' = {
  name: 'observer'
  scope: rg
  params: {
    planName: 'plan-${resourceToken}'
    name: functionAppName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    tableEndpoint: storage.outputs.tableEndpoint
    tablePrefix: tablePrefix
    taskHubName: taskHubName
    eventHubsFullyQualifiedNamespace: eventHubs.outputs.fullyQualifiedNamespace
    eventHubName: eventHubs.outputs.eventHubName
    eventHubConsumerGroupName: eventHubs.outputs.consumerGroupName
    eventGridTopicEndpoint: eventGrid.outputs.endpoint
    applicationInsightsName: applicationInsightsName
    dotnetVersion: dotnetVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // The app starts with its identity-based connections: grant the roles first.
  dependsOn: [
    rbac
  ]
}

// Outputs land in .azure/<env>/.env. Names and endpoints only: no keys, no connection strings.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CLIENT_ID string = identity.outputs.clientId
output SERVICE_OBSERVER_NAME string = observer.outputs.name
output SERVICE_OBSERVER_URI string = observer.outputs.uri
output EVENTHUBS_NAMESPACE string = eventHubs.outputs.namespaceName
output EVENTHUB_FULLY_QUALIFIED_NAMESPACE string = eventHubs.outputs.fullyQualifiedNamespace
output EVENTHUB_NAME string = eventHubs.outputs.eventHubName
output EVENTHUB_CONSUMER_GROUP string = eventHubs.outputs.consumerGroupName
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output TABLE_PREFIX string = tablePrefix
output EVENTGRID_TOPIC_NAME string = eventGrid.outputs.name
output EVENTGRID_TOPIC_ENDPOINT string = eventGrid.outputs.endpoint
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
