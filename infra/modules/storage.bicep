// The one storage account: Functions host storage, the Flex deployment container, and the app's own tables and
// blobs (the app creates those itself). Keys are off (allowSharedKeyAccess: false): everything uses the identity.

param location string
param name string
param deploymentContainerName string

@description('Principal (object) id of the function app\'s user-assigned identity.')
param principalId string

@description('IMAGE_CONTAINER: generated images, served by links that expire.')
param imageContainer string

@description('Days a generated image is kept: its link expires long before (IMAGE_URL_EXPIRY_MINUTES).')
param imageRetentionDays int

@description('RESPONSES_CONTAINER: stored Responses API responses too large for one table row.')
param responsesContainer string

@description('RESPONSES_RETENTION_DAYS: the app stops serving a stored response after this many days.')
param responsesRetentionDays int

// Least roles, per "Connecting to host storage with an identity" (Azure Functions docs):
// - Storage Blob Data Owner: the host's own needs (coordination, keys, timer locks) and reading the deployment
//   package; the app's blobs are covered by it too.
// - Storage Table Data Contributor: the app's tables (keys, stats, logs, ...) and the host's diagnostic events.
// No queue role: neither the host (HTTP and timer triggers only) nor the app uses queues.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    // Flex Consumption runs the app from the package `func azure functionapp publish` uploads here.
    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }
}

// The app deletes what it knows to be expired, but a blob whose row was never written (a failed save) or whose
// deletion failed has nobody to delete it; the lifecycle rules sweep both containers after their retention.
resource blobLifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-generated-images'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${imageContainer}/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: imageRetentionDays
                }
              }
            }
          }
        }
        {
          name: 'expire-stored-responses'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${responsesContainer}/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: responsesRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, storageBlobDataOwnerRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwnerRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output tableEndpoint string = storage.properties.primaryEndpoints.table
