// Flex Consumption runs blob triggers from Event Grid only ("source": "EventGrid" in function.json): the storage
// account's events go through this system topic. The subscription that calls the app's blobs extension endpoint
// needs the extension's system key, which exists only once the app runs, so infra/scripts/postdeploy.sh creates it.
param name string
param location string
param tags object
param storageAccountName string

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
