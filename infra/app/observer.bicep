// The observer function app on a Flex Consumption (FC1) plan, running as the user-assigned
// identity. Every connection is identity-based: no keys or connection strings in app settings.
// On Flex, FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE and
// linuxFxVersion are not set: functionAppConfig.runtime replaces them.
param planName string
param name string
param location string
param tags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

param storageAccountName string

@description('URL of the blob container holding the deployment package.')
param deploymentContainerUrl string

param tableEndpoint string
param tablePrefix string
param taskHubName string
param eventHubsFullyQualifiedNamespace string
param eventHubName string
param eventHubConsumerGroupName string
param eventGridTopicEndpoint string
param applicationInsightsName string

@description('.NET isolated worker version. 10.0 is what the Functions project targets (net10.0).')
param dotnetVersion string

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux: Flex Consumption is Linux only.
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  // azd deploys the `observer` service of azure.yaml to the site carrying this tag.
  tags: union(tags, {
    'azd-service-name': 'observer'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Host storage (and Durable Functions on Azure Storage) through the identity.
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      // Event Hubs trigger connection "EventHubConnection" through the identity.
      EventHubConnection__fullyQualifiedNamespace: eventHubsFullyQualifiedNamespace
      EventHubConnection__credential: 'managedidentity'
      EventHubConnection__clientId: identityClientId
      EventHubName: eventHubName
      EventHubConsumerGroup: eventHubConsumerGroupName
      // host.json: "hubName": "%TASKHUB_NAME%".
      TASKHUB_NAME: taskHubName
      // Our settings (ObserveRtc.Core ObserverSettings: Storage = TableStorageOptions, Publishing =
      // EventGridPublisherOptions), with DefaultAzureCredential picking the identity.
      ObserveRtc__Storage__ServiceUri: tableEndpoint
      ObserveRtc__Storage__TablePrefix: tablePrefix
      ObserveRtc__Publishing__Endpoint: eventGridTopicEndpoint
      AZURE_CLIENT_ID: identityClientId
      // Telemetry: the connection string only locates the resource; local auth is off, so the
      // host authenticates with the identity (AUTHENTICATION_STRING) and so does the worker
      // exporter (Program.cs).
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    }
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
