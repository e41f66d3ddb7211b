// Event Hubs namespace, the samples hub and the observer's consumer group.
// Producers send one sample batch per event with partition key = callId (per-call ordering).
// Local (SAS) auth is off: producers and the app use Entra identities.
param namespaceName string
param eventHubName string
param consumerGroupName string
param location string
param tags object

@description('Partitions of the hub; fixed after creation on the Standard tier.')
@minValue(1)
@maxValue(32)
param partitionCount int

@description('Retention of events, in hours.')
@minValue(1)
@maxValue(168)
param retentionInHours int

@description('Throughput units (1 TU: 1 MB/s or 1,000 events/s in).')
@minValue(1)
@maxValue(40)
param capacity int = 1

resource namespace 'Microsoft.EventHub/namespaces@2026-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: capacity
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }

  resource hub 'eventhubs' = {
    name: eventHubName
    properties: {
      partitionCount: partitionCount
      retentionDescription: {
        cleanupPolicy: 'Delete'
        retentionTimeInHours: retentionInHours
      }
    }

    resource consumerGroup 'consumergroups' = {
      name: consumerGroupName
    }
  }
}

// serviceBusEndpoint is 'https://<ns>.servicebus.windows.net:443/'; the Functions setting wants the host.
var fullyQualifiedNamespace = split(split(namespace.properties.serviceBusEndpoint, '://')[1], ':')[0]

output namespaceName string = namespace.name
output fullyQualifiedNamespace string = fullyQualifiedNamespace
output eventHubName string = namespace::hub.name
output consumerGroupName string = namespace::hub::consumerGroup.name
