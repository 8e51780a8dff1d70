// ComplianceRisk on Azure: the Functions app (a custom handler on Flex Consumption), its storage, monitoring and
// the Key Vault that holds the mail key. `azd up` deploys it; infra/README.md says what it creates and why.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; with the subscription and location it makes the resource names unique.')
param environmentName string

@minLength(1)
@description('Region of every resource. Flex Consumption is not offered in every region (az functionapp list-flexconsumption-locations).')
@metadata({ azd: { type: 'location' } })
param location string

@minLength(1)
@description('Application (client) ID of the Microsoft Entra app registration that signs users in (infra/README.md, "Sign-in").')
param authClientId string

@description('JSON that maps Entra groups or app roles to organizations and roles (docs/functions.md, "Authorization"). Empty: nobody reaches an organization\'s data.')
param authorizationMappings string = '[]'

@description('Sender address of the periodic reports.')
param reportFromAddress string = ''

@description('Name of the Key Vault secret that keys the Board\'s pseudonymized registers (infra/README.md). Empty: they are keyed by the organization id alone.')
param pseudonymKeySecretName string = ''

@description('Days stored records (rosters, assessments, registers, reports) are kept and cannot be changed: six years, HIPAA 45 CFR 164.316(b)(2).')
@minValue(1)
param recordRetentionDays int = 2190

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

// Every container, table and queue the function.json bindings name, in one place so that the consistency test
// (tests/ComplianceRisk.Functions.Tests/Infrastructure) can hold them against the bindings.
// Records are written once and kept: they get the time-based retention (immutability) and lifecycle rules.
var storageResources = {
  recordContainers: [
    'rosters'
    'assessments'
    'registers'
    'reports'
  ]
  stateContainers: [
    'profiles'
    'treatments'
    'subscriptions'
    'latest'
    'rejected'
    // Where an organization's erasure stands (pending, done): kept by the erasure, as the AuditLog is.
    'erasures'
  ]
  tables: [
    'Assessments'
    'AuditLog'
    'Subscriptions'
    'Reports'
  ]
  queues: [
    'erasure-requests'
    'erasure-requests-poison'
    'report-requests'
    'report-requests-poison'
    // Where the host puts a blob trigger's message after its retries (it would create it itself; created here so it can be watched).
    'webjobs-blobtrigger-poison'
  ]
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'st${resourceToken}'
    recordContainers: storageResources.recordContainers
    stateContainers: storageResources.stateContainers
    tables: storageResources.tables
    queues: storageResources.queues
    recordRetentionDays: recordRetentionDays
  }
}

module vault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'kv-${resourceToken}'
  }
}

module api 'app/function-app.bicep' = {
  name: 'api'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: vault.outputs.name
    authClientId: authClientId
    authorizationMappings: authorizationMappings
    reportFromAddress: reportFromAddress
    pseudonymKeySecretName: pseudonymKeySecretName
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: vault.outputs.name
    appPrincipalId: api.outputs.principalId
  }
}

module events 'app/events.bicep' = {
  name: 'events'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'evgt-${resourceToken}'
    storageAccountName: storage.outputs.name
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output ROSTER_EVENTS_SYSTEM_TOPIC_NAME string = events.outputs.name
