// The storage account behind the app: the host's own state (AzureWebJobsStorage), the deployment package, and every
// container, table and queue the bindings use. Reached only with Microsoft Entra identities: shared keys are off,
// so no connection string or SAS made from an account key works, and no blob is public.
param name string
param location string
param tags object
param recordContainers array
param stateContainers array
param tables array
param queues array
param recordRetentionDays int

@description('Container Flex Consumption deploys the app package from (functionAppConfig.deployment.storage).')
param deploymentContainerName string = 'app-package'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    // Version-level immutability needs versioning on and is enabled per record container below.
    immutableStorageWithVersioning: { enabled: true }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    // Profiles and treatments are overwritten: their earlier versions are the history of the organization's decisions.
    isVersioningEnabled: true
    deleteRetentionPolicy: { enabled: true, days: 30 }
    containerDeleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource records 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in recordContainers: {
  parent: blobs
  name: container
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: { enabled: true }
  }
}]

// Written once, kept six years and unchangeable meanwhile (DESIGN §8). Unlocked so the period can still be corrected;
// lock it (az storage container immutability-policy lock) once the organization's records officer agrees.
resource recordRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = [for (container, i) in recordContainers: {
  parent: records[i]
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: recordRetentionDays
    allowProtectedAppendWrites: false
  }
}]

resource state 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in stateContainers: {
  parent: blobs
  name: container
  properties: { publicAccess: 'None' }
}]

resource deployment 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tableResources 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in tables: {
  parent: tableService
  name: table
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queueResources 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in queues: {
  parent: queueService
  name: queue
}]

// Records move to the cool tier after 90 days and are deleted when their retention ends; earlier versions of the
// mutable documents are kept as long.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'records'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [ 'blockBlob' ]
              prefixMatch: [for container in recordContainers: '${container}/']
            }
            actions: {
              baseBlob: {
                tierToCool: { daysAfterModificationGreaterThan: 90 }
                delete: { daysAfterModificationGreaterThan: recordRetentionDays }
              }
            }
          }
        }
        {
          name: 'earlier-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [ 'blockBlob' ]
              prefixMatch: [for container in stateContainers: '${container}/']
            }
            actions: {
              version: {
                tierToCool: { daysAfterCreationGreaterThan: 90 }
                delete: { daysAfterCreationGreaterThan: recordRetentionDays }
              }
            }
          }
        }
      ]
    }
  }
}

output name string = account.name
output id string = account.id
output deploymentContainerName string = deployment.name
