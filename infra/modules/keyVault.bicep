// Key Vault in RBAC mode holding the secret settings. The function app reads them through Key Vault
// references (@Microsoft.KeyVault(SecretUri=...)) resolved by the platform with its user-assigned identity, so no
// secret value sits in plain app settings. Secret names use '-' because Key Vault allows no '_'.

param location string
param name string

@description('Principal (object) id of the function app\'s user-assigned identity.')
param principalId string

@secure()
param apiKeys string

@secure()
param allowedTokens string

@secure()
param authToken string

// Optional secrets: Key Vault stores no empty secret, so each is created only when set, and its app setting is then a
// reference (empty otherwise).
@secure()
param paidKey string = ''

@secure()
param proxies string = ''

// Key Vault Secrets User: read secret values, nothing else.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    // The shortest retention: a deleted vault keeps its name reserved for this long (docs/deploy.md says how to purge it).
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource apiKeysSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'API-KEYS'
  properties: {
    value: apiKeys
  }
}

resource allowedTokensSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'ALLOWED-TOKENS'
  properties: {
    value: allowedTokens
  }
}

resource authTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'AUTH-TOKEN'
  properties: {
    value: authToken
  }
}

resource paidKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(paidKey)) {
  parent: vault
  name: 'PAID-KEY'
  properties: {
    value: paidKey
  }
}

resource proxiesSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(proxies)) {
  parent: vault
  name: 'PROXIES'
  properties: {
    value: proxies
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Versionless URIs: the platform follows the latest version, so rotating a secret needs no redeployment
// (App Service re-reads references within 24 hours, or at once on restart).
output apiKeysUri string = apiKeysSecret.properties.secretUri
output allowedTokensUri string = allowedTokensSecret.properties.secretUri
output authTokenUri string = authTokenSecret.properties.secretUri

// The app setting values of the optional secrets: a reference when set, empty when not.
output paidKeySetting string = empty(paidKey) ? '' : '@Microsoft.KeyVault(SecretUri=${paidKeySecret!.properties.secretUri})'
output proxiesSetting string = empty(proxies) ? '' : '@Microsoft.KeyVault(SecretUri=${proxiesSecret!.properties.secretUri})'
