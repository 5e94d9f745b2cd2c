// The PCN Social Media bot on Azure: one resource group holds everything.
// az deployment group create -g <group> -f deploy/infra/main.bicep -p @deploy/infra/one-pcn.parameters.json
// Nothing here holds a key: the bot reaches Cosmos DB and Key Vault with its managed identity.
// test/unit/infra-cross-check.test.ts checks the app settings, containers and health path against the code.

targetScope = 'resourceGroup'

@description('Short lower-case name for this deployment, such as pcn-riverside or icb-north (letters, digits, hyphens).')
@minLength(3)
@maxLength(20)
param name string

@description('Azure region for everything but the bot registration (which is global). UK South; its pair is UK West.')
param location string = 'uksouth'

@description('How the bot signs in to the Bot Connector: its managed identity (no secret at all) or an Entra app registration with a client secret.')
@allowed(['UserAssignedMSI', 'SingleTenant'])
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the Entra app registration\'s application (client) id.')
param botAppId string = ''

@secure()
@description('SingleTenant only, first deployment or rotation: the app registration\'s client secret, stored in Key Vault. Leave empty to keep the stored one.')
param botAppPassword string = ''

@secure()
@description('First deployment only: at least 32 random characters that sign export and calendar links, stored in Key Vault. Leave empty later to keep the stored one.')
param exportSecret string = ''

@description('Comma-separated Microsoft 365 tenant ids whose Teams may use the bot (the NHSmail tenant for NHSmail practices).')
param allowedTenants string = tenant().tenantId

@description('App Service plan size: B1 for one PCN; P0v3, with two instances, for a region of many.')
param appServicePlanSku string = 'B1'

@description('How many instances of the bot run side by side.')
@minValue(1)
@maxValue(30)
param instanceCount int = 1

@description('Cosmos DB throughput: serverless (pay per request) or autoscale (provisioned, shared by both containers).')
@allowed(['serverless', 'autoscale'])
param cosmosThroughput string = 'serverless'

@description('Autoscale only: the most request units per second the database may scale to (it scales down to a tenth of this).')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('The Cosmos DB database\'s name.')
param cosmosDatabaseName string = 'pcn-bot'

@description('Days Log Analytics keeps the bot\'s logs and telemetry.')
param logRetentionDays int = 30

param tags object = {}

var suffix = uniqueString(resourceGroup().id, name)
var appName = '${name}-${suffix}'
var vaultName = 'kv${take(replace(name, '-', ''), 8)}${take(suffix, 13)}'
var usesIdentityForBot = botAppType == 'UserAssignedMSI'
var containers = loadJsonContent('cosmos-containers.json')
var exportSecretName = 'export-secret'
var botPasswordSecretName = 'microsoft-app-password'

// The bot's one identity: Bot Connector sign-in (UserAssignedMSI), Cosmos DB data, Key Vault references.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id'
  location: location
  tags: tags
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: toLower(appName)
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    capabilities: cosmosThroughput == 'serverless' ? [{ name: 'EnableServerless' }] : []
    // Entra ID only: account keys cannot be used, so there is none to leak.
    disableLocalAuth: true
    minimalTlsVersion: 'Tls12'
    backupPolicy: {
      type: 'Periodic'
      periodicModeProperties: {
        backupIntervalInMinutes: 240
        backupRetentionIntervalInHours: 8
        // Geo-redundant backup storage lives in the region's pair: UK West for UK South.
        backupStorageRedundancy: 'Geo'
      }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: cosmos
  name: cosmosDatabaseName
  properties: {
    resource: { id: cosmosDatabaseName }
    options: cosmosThroughput == 'autoscale' ? { autoscaleSettings: { maxThroughput: cosmosAutoscaleMaxThroughput } } : {}
  }
}

// Exactly as the Store defines them (services/store/cosmos/indexing.ts, written out by npm run infra:containers).
resource cosmosContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for container in containers: {
    parent: database
    name: container.id
    properties: {
      resource: {
        id: container.id
        partitionKey: container.partitionKey
        defaultTtl: container.defaultTtl
        indexingPolicy: container.indexingPolicy
      }
    }
  }
]

// Cosmos DB Built-in Data Contributor: read and write items, read metadata; no management, no keys.
resource cosmosDataRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, '00000000-0000-0000-0000-000000000002')
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource exportSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(exportSecret)) {
  parent: vault
  name: exportSecretName
  properties: { value: exportSecret }
}

resource botPasswordValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!usesIdentityForBot && !empty(botAppPassword)) {
  parent: vault
  name: botPasswordSecretName
  properties: { value: botAppPassword }
}

// Key Vault Secrets User: the identity may read secret values, nothing more.
resource vaultSecretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, '4633458b-17de-408a-b874-0445c86b69e6')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: instanceCount
  }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node dist/bot/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
  }
}

// The bot's own log lines (JSON, no message text) and the platform's, kept as long as the workspace keeps them.
// No HTTP access logs: they would hold callers' IP addresses for no use of ours.
resource siteLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: site
  name: 'logs-to-workspace'
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

// Named exactly as services/config.ts reads them (AZURE_CLIENT_ID is read by @azure/identity; NODE_OPTIONS by Node;
// MALLOC_ARENA_MAX by glibc's allocator).
var appSettings = {
  STORE: 'cosmos'
  COSMOS_ENDPOINT: cosmos.properties.documentEndpoint
  COSMOS_DATABASE: cosmosDatabaseName
  COSMOS_CREATE_CONTAINERS: '0'
  AZURE_CLIENT_ID: identity.properties.clientId
  MicrosoftAppId: usesIdentityForBot ? identity.properties.clientId : botAppId
  MicrosoftAppType: botAppType
  MicrosoftAppTenantId: tenant().tenantId
  ALLOWED_TENANTS: allowedTenants
  PUBLIC_URL: 'https://${site.properties.defaultHostName}'
  EXPORT_SECRET: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${exportSecretName})'
  // Teams' limit per app: each instance takes its share among the instances alive, so survivors speed up when one stops.
  TEAMS_APP_RATE_PER_SECOND: '50'
  // Node's defaults let V8 keep four times the live heap (bench:process); these hold a B1 instance's memory.
  NODE_OPTIONS: '--max-semi-space-size=4 --max-old-space-size=160'
  MALLOC_ARENA_MAX: '2'
  JOBS: '1'
  ODS_LOOKUP: '1'
  LOG_LEVEL: 'info'
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
}

var singleTenantSettings = usesIdentityForBot
  ? {}
  : {
      MicrosoftAppPassword: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${botPasswordSecretName})'
    }

resource siteSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, singleTenantSettings)
  dependsOn: [vaultSecretsRole, cosmosDataRole, cosmosContainers]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: appName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: 'PCN Social Media'
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppType: botAppType
    msaAppId: usesIdentityForBot ? identity.properties.clientId : botAppId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: usesIdentityForBot ? identity.id : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

// Upper-case, as the Agents Toolkit writes outputs into deploy/env/.env.<environment> (npm run package -- --env reads them).
output APP_NAME string = site.name
output APP_SERVICE_RESOURCE_ID string = site.id
output BOT_ID string = bot.properties.msaAppId
output BOT_DOMAIN string = site.properties.defaultHostName
output COSMOS_ENDPOINT string = cosmos.properties.documentEndpoint
output KEY_VAULT_NAME string = vault.name
