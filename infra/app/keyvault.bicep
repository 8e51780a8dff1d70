// The Key Vault that holds the mail (SendGrid) API key. Access by Azure RBAC only; the app reads it through a
// Key Vault reference in its settings, as its managed identity. The secret itself is set by an operator
// (infra/README.md), never passed through a template or a parameter.
param name string
param location string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
