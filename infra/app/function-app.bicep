// The Functions app: a custom handler (ComplianceRisk.Functions, self-contained for linux-x64) on Flex Consumption,
// with a system-assigned identity for storage, telemetry and Key Vault, and App Service authentication requiring
// sign-in for every route.
param name string
param planName string
param location string
param tags object
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param keyVaultName string
param authClientId string
param authorizationMappings string
param reportFromAddress string
param pseudonymKeySecretName string

@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int = 2048
param maximumInstanceCount int = 40

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the app to deploy to by this tag (azure.yaml, service "api").
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      // A custom handler: the Flex Consumption stack "custom", version 1.0 (infra/README.md, "Why Flex Consumption").
      runtime: { name: 'custom', version: '1.0' }
    }
  }
}

// Every setting the bindings and the handler read. Storage is reached as the app's identity
// (identity-based connection "AzureWebJobsStorage": the __credential and per-service URIs), never with a key.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__blobServiceUri: account.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: account.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: account.properties.primaryEndpoints.table
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    // The SendGrid output binding's default apiKey setting; resolved from Key Vault as the app's identity.
    AzureWebJobsSendGridApiKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=sendgrid-api-key)'
    ComplianceRisk__Reports__FromAddress: reportFromAddress
    ComplianceRisk__Authorization__Mappings: authorizationMappings
    // Empty means not set: the handler then keys pseudonyms by the organization id alone.
    ComplianceRisk__PseudonymKey: empty(pseudonymKeySecretName) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${pseudonymKeySecretName})'
  }
}

// Sign-in required for the whole app. Unauthenticated browsers are sent to Microsoft Entra sign-in; the platform
// strips any x-ms-client-principal a caller sends and sets WEBSITE_AUTH_ENABLED=True, which the handler checks
// before it trusts the header. Only the blobs extension's webhook is left out: Event Grid calls it with the
// extension's system key.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [ '/runtime/webhooks/blobs' ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [ authClientId, 'api://${authClientId}' ]
        }
      }
    }
    login: {
      tokenStore: { enabled: false }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}

// No FTP or Kudu basic-auth publishing: deployment goes through Entra (azd, az functionapp deploy).
resource ftp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
output principalId string = site.identity.principalId
