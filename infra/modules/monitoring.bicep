// Log Analytics workspace and a workspace-based Application Insights component with local (key) auth turned off,
// as in Microsoft's Flex Consumption quickstart (function-app-flex-managed-identities); telemetry is sent with the
// app's managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), which therefore needs Monitoring Metrics Publisher.

param location string
param resourceToken string

@description('Principal (object) id of the identity that sends telemetry.')
param principalId string

var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-gb-${resourceToken}'
  location: location
  properties: {
    retentionInDays: 30
    sku: {
      name: 'PerGB2018'
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-gb-${resourceToken}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Not a secret: it names the component and its ingestion endpoint; ingestion itself needs the identity.
output connectionString string = applicationInsights.properties.ConnectionString
