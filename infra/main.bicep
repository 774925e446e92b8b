// GeminiBalance on Azure Functions Flex Consumption, as a .NET isolated-worker app.
//
// Followed resource by resource (API versions included) from Microsoft's Flex Consumption quickstart
// Azure/azure-quickstart-templates quickstarts/microsoft.web/function-app-flex-managed-identities (updated 2025-02-24)
// and the Azure-Samples/azure-functions-flex-consumption-samples and mcp-sdk-functions-hosting-* templates.
// The test suite compiles and lints this folder with the Bicep CLI (GeminiBalance.Tests/Deployment) and checks the ARM JSON.
//
// Deploy:  az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json \
//            -p apiKeys='AIza...,AIza...' allowedTokens='sk-...' authToken='<admin token>'
// Publish: scripts/publish.sh <functionAppName output>

targetScope = 'resourceGroup'

@description('Region for every resource; it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Function app name, globally unique: it becomes <name>.azurewebsites.net.')
@minLength(2)
@maxLength(60)
param appName string = 'func-gb-${toLower(uniqueString(subscription().id, resourceGroup().id, location))}'

// Secrets go to Key Vault only; app settings hold references to them, never their values.
@secure()
@description('API_KEYS: the Gemini key pool, a JSON array (["a","b"]) or a comma-separated list.')
param apiKeys string

@secure()
@description('ALLOWED_TOKENS: client tokens accepted by the API routes, a JSON array or a comma-separated list.')
param allowedTokens string

@secure()
@minLength(1)
@description('AUTH_TOKEN: the admin token (also accepted as a client token). Key Vault does not store empty secrets, so it is required here.')
param authToken string

@secure()
@description('PAID_KEY: the key of a billed project, used for image generation (Imagen, image-output models) instead of the pool; empty: the pool.')
param paidKey string = ''

@secure()
@description('PROXIES: outbound proxies for upstream calls (http, https, socks5 URLs; may hold user:pass), a JSON array or comma-separated list; empty: none.')
param proxies string = ''

// Every other setting the app reads, with the app's own default (ProxyOptionsReader); a test keeps them in step.
@description('BASE_URL: the upstream Gemini API.')
param baseUrl string = 'https://generativelanguage.googleapis.com'

@minValue(1)
@description('MAX_FAILURES: consecutive transient failures that set a key aside.')
param maxFailures int = 3

@minValue(1)
@description('MAX_RETRIES: attempts per request in all, each on another key (gemini-balance\'s meaning).')
param maxRetries int = 3

@minValue(1)
@description('TIME_OUT: seconds per upstream attempt, streams included. Keep TIME_OUT x MAX_RETRIES under host.json functionTimeout (30 min).')
param timeOut int = 300

@minValue(0)
@maxValue(220)
@description('STREAM_KEEPALIVE_SECONDS: silence after which a stream gets a keep-alive (SSE comment, Anthropic ping); 0 = off. Keep it under 230 (Azure front end idle cut).')
param streamKeepAliveSeconds int = 15

@allowed(['true', 'false'])
@description('FAKE_STREAM_ENABLED: serve streamed requests with one non-streaming upstream call, keep-alives until the answer.')
param fakeStreamEnabled string = 'false'

@minValue(1)
@maxValue(220)
@description('FAKE_STREAM_EMPTY_DATA_INTERVAL_SECONDS: keep-alive interval while a fake stream waits for its answer.')
param fakeStreamEmptyDataIntervalSeconds int = 5

@description('TEST_MODEL: model used to re-check failed keys.')
param testModel string = 'gemini-2.5-flash-lite'

// A string because Bicep has no decimal type; the app parses it as a number (0 turns re-checks off).
@description('CHECK_INTERVAL_HOURS: how often failed keys are re-checked; may be fractional, 0 turns it off.')
param checkIntervalHours string = '1'

@minValue(1)
@description('MAX_REQUEST_BODY_MB: larger request bodies get 413.')
param maxRequestBodyMb int = 32

@minValue(1)
@description('KEY_STATE_REFRESH_SECONDS: how often each instance syncs key health with Table Storage.')
param keyStateRefreshSeconds int = 5

@description('STORAGE_TABLE_PREFIX: prefix of every table the app creates (letters and digits).')
param storageTablePrefix string = 'geminibalance'

@description('SEARCH_MODELS: models that get a -search variant (Google Search tool) on the OpenAI surface; comma-separated or a JSON array.')
param searchModels string = 'gemini-2.5-flash,gemini-2.5-pro'

@description('IMAGE_MODELS: models that get an -image variant (text and image output); comma-separated or a JSON array.')
param imageModels string = 'gemini-2.0-flash-exp,gemini-2.5-flash-image-preview'

@description('THINKING_MODELS: models whose -non-thinking variant the model lists show; comma-separated or a JSON array.')
param thinkingModels string = '[]'

@description('THINKING_BUDGET_MAP: JSON object of model to thinkingBudget, used when the client sets no reasoning effort.')
param thinkingBudgetMap string = ''

@description('SAFETY_SETTINGS: JSON array of {category, threshold} sent with translated requests; empty means every category off.')
param safetySettings string = ''

@allowed(['true', 'false'])
@description('SHOW_THINKING_PROCESS: ask for thought summaries and return them (OpenAI: reasoning_content).')
param showThinkingProcess string = 'true'

@allowed(['true', 'false'])
@description('SHOW_SEARCH_LINK: append Google Search sources to grounded answers.')
param showSearchLink string = 'true'

@minValue(1)
@description('IMAGE_URL_MAX_MB: largest image the proxy downloads for an http(s) image_url.')
param imageUrlMaxMb int = 20

@minValue(1)
@description('IMAGE_URL_TIMEOUT_SECONDS: how long the proxy waits for an http(s) image_url download.')
param imageUrlTimeoutSeconds int = 30

// A string, as the app reads it, so the app setting is the parameter itself.
@allowed(['true', 'false'])
@description('ERROR_LOG_RECORD_REQUEST_BODY: error-log rows also keep the client request body (bounded, secrets removed).')
param errorLogRecordRequestBody string = 'false'

@allowed(['true', 'false'])
@description('AUTO_DELETE_REQUEST_LOGS_ENABLED: delete request-log days past AUTO_DELETE_REQUEST_LOGS_DAYS (off by default, as in gemini-balance: the request log is kept).')
param autoDeleteRequestLogsEnabled string = 'false'

@minValue(0)
@description('AUTO_DELETE_REQUEST_LOGS_DAYS: days the request log is kept once its deletion is on; 0 keeps it forever.')
param autoDeleteRequestLogsDays int = 30

@allowed(['true', 'false'])
@description('AUTO_DELETE_ERROR_LOGS_ENABLED: delete error-log days past AUTO_DELETE_ERROR_LOGS_DAYS.')
param autoDeleteErrorLogsEnabled string = 'true'

@minValue(0)
@description('AUTO_DELETE_ERROR_LOGS_DAYS: days the error log is kept; 0 keeps it forever.')
param autoDeleteErrorLogsDays int = 7

@minValue(0)
@description('USAGE_RETENTION_DAYS: days the per-minute usage statistics are kept; 0 keeps them forever.')
param usageRetentionDays int = 30

@description('FILTERED_MODELS: models hidden from the OpenAI model list.')
param filteredModels string = 'gemini-1.0-pro-vision-latest,gemini-pro-vision,chat-bison-001,text-bison-001,embedding-gecko-001'

@description('CREATE_IMAGE_MODEL: the default model of /v1/images/generations (Imagen or a Gemini image model).')
param createImageModel string = 'imagen-4.0-generate-001'

@description('TTS_MODEL: the Gemini TTS model behind /v1/audio/speech when the client names an OpenAI TTS model.')
param ttsModel string = 'gemini-2.5-flash-preview-tts'

@description('IMAGE_CONTAINER: blob container for generated images served by link (the app creates it).')
param imageContainer string = 'geminibalance-images'

@minValue(1)
@description('IMAGE_URL_EXPIRY_MINUTES: how long a generated image link works.')
param imageUrlExpiryMinutes int = 60

@minValue(1)
@description('RESPONSES_RETENTION_DAYS: how long stored Responses API responses stay readable and continuable.')
param responsesRetentionDays int = 30

@description('RESPONSES_CONTAINER: blob container for stored Responses API responses too large for one table row (the app creates it).')
param responsesContainer string = 'geminibalance-responses'

@description('PUBLIC_BASE_URL: the URL clients reach the app on, for the upload session URLs and image links it hands out; empty takes it from each request (Host and X-Forwarded-*).')
param publicBaseUrl string = ''

@description('CORS_ALLOWED_ORIGINS: origins whose web pages may call the client API (* for any, a comma-separated or JSON list, or [] for none); never credentials, never /manage.')
param corsAllowedOrigins string = '*'

@description('CUSTOM_HEADERS: a JSON object of headers added to every upstream call.')
param customHeaders string = '{}'

@description('PROXIES_USE_CONSISTENCY_HASH_BY_API_KEY: true sends each key always through the same proxy; false lets the proxies take turns.')
param proxiesUseConsistencyHashByApiKey string = 'true'

@minValue(60)
@description('ADMIN_SESSION_EXPIRE: seconds a console login lasts.')
param adminSessionExpire int = 3600

@description('KEY_MODEL_LIMITS: JSON, model to {"rpm", "rpd", "tpm"} each key may use (e.g. Google\'s free tier); empty keeps plain rotation. See docs/models-and-quotas.md.')
param keyModelLimits string = ''

@description('KEY_TIERS: JSON, tier name to {"keys": [short key ids], "limits": {…}} for paid keys. Name keys by the short id the admin API shows, never the key itself: this is a plain app setting.')
param keyTiers string = ''

@description('MODEL_ALIASES: JSON, a model name clients use to the Gemini model it stands for, e.g. {"gpt-4o": "gemini-2.5-pro"}.')
param modelAliases string = ''

@minValue(40)
@maxValue(1000)
@description('Flex Consumption scale-out limit (40 to 1000, default 100).')
param maximumInstanceCount int = 100

@allowed([512, 2048, 4096])
@description('Flex Consumption instance memory in MB.')
param instanceMemoryMB int = 2048

// Same token as appName's default (a parameter default cannot reference a variable).
var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, location))
var deploymentContainerName = 'app-package-${resourceToken}'

// One user-assigned identity for everything: host storage, the deployment container, the app's tables and blobs,
// Key Vault references and Application Insights. A user-assigned identity exists before the app, so its roles can be
// granted before the app first starts.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-gb-${resourceToken}'
  location: location
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    resourceToken: resourceToken
    principalId: identity.properties.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: 'stgb${resourceToken}'
    deploymentContainerName: deploymentContainerName
    principalId: identity.properties.principalId
    imageContainer: imageContainer
    // Lifecycle rules count whole days; a link lives minutes, so the image goes a day or so after its link.
    imageRetentionDays: max(1, (imageUrlExpiryMinutes + 1439) / 1440)
    responsesContainer: responsesContainer
    responsesRetentionDays: responsesRetentionDays
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    name: 'kv-gb-${resourceToken}'
    principalId: identity.properties.principalId
    apiKeys: apiKeys
    allowedTokens: allowedTokens
    authToken: authToken
    paidKey: paidKey
    paidKeySet: !empty(paidKey)
    proxies: proxies
    proxiesSet: !empty(proxies)
  }
}

// Every app setting, in one place. The drift test (GeminiBalance.Tests/Deployment) parses this array: each setting
// the code reads (SettingNames.All) must be here, and nothing app-specific the code does not read.
// Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE:
// the runtime and the package location live in functionAppConfig instead (modules/functionApp.bicep).
var appSettings = [
  // Host storage by identity; with no AzureWebJobsStorage connection string the app uses the same account
  // (AzureWebJobsStorage:accountName) through DefaultAzureCredential.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storage.outputs.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.properties.clientId
  }
  // The account's own endpoints, so the app's storage clients never guess them from the name (other clouds differ).
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: storage.outputs.tableEndpoint
  }
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: storage.outputs.blobEndpoint
  }
  // The app's DefaultAzureCredential picks the user-assigned identity from here; without it, it asks for a
  // system-assigned identity, which this app does not have.
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  // Application Insights with Entra ID auth (local auth is off on the component).
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: monitoring.outputs.connectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  }
  // Secrets: Key Vault references resolved by the platform with keyVaultReferenceIdentity.
  {
    name: 'API_KEYS'
    value: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.apiKeysUri})'
  }
  {
    name: 'ALLOWED_TOKENS'
    value: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.allowedTokensUri})'
  }
  {
    name: 'AUTH_TOKEN'
    value: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.authTokenUri})'
  }
  {
    name: 'BASE_URL'
    value: baseUrl
  }
  {
    name: 'MAX_FAILURES'
    value: string(maxFailures)
  }
  {
    name: 'MAX_RETRIES'
    value: string(maxRetries)
  }
  {
    name: 'TIME_OUT'
    value: string(timeOut)
  }
  {
    name: 'STREAM_KEEPALIVE_SECONDS'
    value: string(streamKeepAliveSeconds)
  }
  {
    name: 'FAKE_STREAM_ENABLED'
    value: fakeStreamEnabled
  }
  {
    name: 'FAKE_STREAM_EMPTY_DATA_INTERVAL_SECONDS'
    value: string(fakeStreamEmptyDataIntervalSeconds)
  }
  {
    name: 'TEST_MODEL'
    value: testModel
  }
  {
    name: 'CHECK_INTERVAL_HOURS'
    value: checkIntervalHours
  }
  {
    name: 'MAX_REQUEST_BODY_MB'
    value: string(maxRequestBodyMb)
  }
  {
    name: 'KEY_STATE_REFRESH_SECONDS'
    value: string(keyStateRefreshSeconds)
  }
  {
    name: 'STORAGE_TABLE_PREFIX'
    value: storageTablePrefix
  }
  {
    name: 'SEARCH_MODELS'
    value: searchModels
  }
  {
    name: 'IMAGE_MODELS'
    value: imageModels
  }
  {
    name: 'THINKING_MODELS'
    value: thinkingModels
  }
  {
    name: 'THINKING_BUDGET_MAP'
    value: thinkingBudgetMap
  }
  {
    name: 'SAFETY_SETTINGS'
    value: safetySettings
  }
  {
    name: 'SHOW_THINKING_PROCESS'
    value: showThinkingProcess
  }
  {
    name: 'SHOW_SEARCH_LINK'
    value: showSearchLink
  }
  {
    name: 'IMAGE_URL_MAX_MB'
    value: string(imageUrlMaxMb)
  }
  {
    name: 'IMAGE_URL_TIMEOUT_SECONDS'
    value: string(imageUrlTimeoutSeconds)
  }
  {
    name: 'ERROR_LOG_RECORD_REQUEST_BODY'
    value: errorLogRecordRequestBody
  }
  {
    name: 'AUTO_DELETE_REQUEST_LOGS_ENABLED'
    value: autoDeleteRequestLogsEnabled
  }
  {
    name: 'AUTO_DELETE_REQUEST_LOGS_DAYS'
    value: string(autoDeleteRequestLogsDays)
  }
  {
    name: 'AUTO_DELETE_ERROR_LOGS_ENABLED'
    value: autoDeleteErrorLogsEnabled
  }
  {
    name: 'AUTO_DELETE_ERROR_LOGS_DAYS'
    value: string(autoDeleteErrorLogsDays)
  }
  {
    name: 'USAGE_RETENTION_DAYS'
    value: string(usageRetentionDays)
  }
  {
    name: 'FILTERED_MODELS'
    value: filteredModels
  }
  {
    name: 'CREATE_IMAGE_MODEL'
    value: createImageModel
  }
  {
    name: 'TTS_MODEL'
    value: ttsModel
  }
  {
    name: 'IMAGE_CONTAINER'
    value: imageContainer
  }
  {
    name: 'IMAGE_URL_EXPIRY_MINUTES'
    value: string(imageUrlExpiryMinutes)
  }
  {
    name: 'RESPONSES_RETENTION_DAYS'
    value: string(responsesRetentionDays)
  }
  {
    name: 'RESPONSES_CONTAINER'
    value: responsesContainer
  }
  {
    name: 'PUBLIC_BASE_URL'
    value: publicBaseUrl
  }
  {
    name: 'CORS_ALLOWED_ORIGINS'
    value: corsAllowedOrigins
  }
  {
    name: 'ADMIN_SESSION_EXPIRE'
    value: string(adminSessionExpire)
  }
  {
    name: 'CUSTOM_HEADERS'
    value: customHeaders
  }
  {
    name: 'PROXIES_USE_CONSISTENCY_HASH_BY_API_KEY'
    value: proxiesUseConsistencyHashByApiKey
  }
  {
    name: 'PAID_KEY'
    value: keyVault.outputs.paidKeySetting
  }
  {
    name: 'PROXIES'
    value: keyVault.outputs.proxiesSetting
  }
  {
    name: 'KEY_MODEL_LIMITS'
    value: keyModelLimits
  }
  {
    name: 'KEY_TIERS'
    value: keyTiers
  }
  {
    name: 'MODEL_ALIASES'
    value: modelAliases
  }
]

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  params: {
    location: location
    name: appName
    planName: 'plan-gb-${resourceToken}'
    identityId: identity.id
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    appSettings: appSettings
  }
}

@description('Pass this to scripts/publish.sh.')
output functionAppName string = functionApp.outputs.name

@description('The proxy\'s base URL: clients use it as their API base URL.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'
