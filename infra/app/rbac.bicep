// Data-plane role assignments. One declaration per role, each looping over the principals that
// need it: the app's managed identity always, and the developer running azd when principalId is
// set (so they can run the app against Azure resources, send test samples and read reports).
param storageAccountName string
param eventHubsNamespaceName string
param eventHubName string
param eventGridTopicName string
param applicationInsightsName string

@description('Principal id of the function app\'s user-assigned identity.')
param appPrincipalId string

@description('Object id of the developer; empty: no developer assignments.')
param developerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param developerPrincipalType string = 'User'

var app = {
  id: appPrincipalId
  type: 'ServicePrincipal'
}
var developers = empty(developerPrincipalId)
  ? []
  : [
      {
        id: developerPrincipalId
        type: developerPrincipalType
      }
    ]
var principals = concat([app], developers)

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource eventHubsNamespace 'Microsoft.EventHub/namespaces@2026-01-01' existing = {
  name: eventHubsNamespaceName

  resource hub 'eventhubs' existing = {
    name: eventHubName
  }
}

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: eventGridTopicName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Storage Blob Data Owner: AzureWebJobsStorage (host, Event Hubs checkpoints and leases, timer
// locks), Durable Functions blobs (large messages, leases) and the Flex deployment package.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for p in principals: {
    name: guid(storage.id, p.id, roles.storageBlobDataOwner)
    scope: storage
    properties: {
      principalId: p.id
      principalType: p.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    }
  }
]

// Storage Queue Data Contributor: Durable Functions Azure Storage backend (control and work-item queues).
resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for p in principals: {
    name: guid(storage.id, p.id, roles.storageQueueDataContributor)
    scope: storage
    properties: {
      principalId: p.id
      principalType: p.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    }
  }
]

// Storage Table Data Contributor: Durable Functions history/instances/partitions tables and the report tables.
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for p in principals: {
    name: guid(storage.id, p.id, roles.storageTableDataContributor)
    scope: storage
    properties: {
      principalId: p.id
      principalType: p.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    }
  }
]

// Azure Event Hubs Data Receiver: the Event Hubs trigger reads the samples hub.
resource eventHubsDataReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for p in principals: {
    name: guid(eventHubsNamespace::hub.id, p.id, roles.eventHubsDataReceiver)
    scope: eventHubsNamespace::hub
    properties: {
      principalId: p.id
      principalType: p.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsDataReceiver)
    }
  }
]

// Azure Event Hubs Data Sender: the developer only, to send test samples (README, "Test").
resource eventHubsDataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for p in developers: {
    name: guid(eventHubsNamespace::hub.id, p.id, roles.eventHubsDataSender)
    scope: eventHubsNamespace::hub
    properties: {
      principalId: p.id
      principalType: p.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsDataSender)
    }
  }
]

// EventGrid Data Sender: publishing report CloudEvents to the custom topic (local auth is off).
resource eventGridDataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for p in principals: {
    name: guid(topic.id, p.id, roles.eventGridDataSender)
    scope: topic
    properties: {
      principalId: p.id
      principalType: p.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventGridDataSender)
    }
  }
]

// Monitoring Metrics Publisher: sending telemetry to Application Insights with Entra auth (local auth is off).
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for p in principals: {
    name: guid(applicationInsights.id, p.id, roles.monitoringMetricsPublisher)
    scope: applicationInsights
    properties: {
      principalId: p.id
      principalType: p.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    }
  }
]
