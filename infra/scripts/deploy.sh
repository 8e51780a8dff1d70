#!/bin/sh
# Deploys the app into what infra/ provisioned: builds the package with README's "Deploy package" command, deploys it
# to the Flex Consumption app, then subscribes the app's blob trigger endpoint to the storage account's events.
# azd runs it after provisioning (azure.yaml, postprovision) with the environment's outputs set; run it again to
# redeploy the code: `azd env get-values` gives the variables, or `azd hooks run postprovision`.
set -eu
cd "$(dirname "$0")/../.."

for variable in RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_STORAGE_ACCOUNT_NAME ROSTER_EVENTS_SYSTEM_TOPIC_NAME; do
  eval "value=\${$variable:-}"
  if [ -z "$value" ]; then echo "error: $variable is not set (run through azd, or export azd env get-values)" >&2; exit 1; fi
done
for tool in az dotnet python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is needed to deploy (infra/README.md, Prerequisites)" >&2; exit 1; }
done

package=artifacts/compliancerisk-functions.zip
dotnet publish src/ComplianceRisk.Functions -c Release -r linux-x64 --self-contained -p:FunctionsPackage="$package"
az functionapp deploy --resource-group "$RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" --src-path "$package" --type zip

# Blob-triggered functions (Flex Consumption runs them from Event Grid only): one subscription per function, filtered
# to its container, calling the host's blobs extension webhook with its system key. The key exists once the app
# has started with a blob trigger, hence here and not in Bicep.
triggers=$(python3 - <<'PY'
import glob, json, os
for file in sorted(glob.glob("src/ComplianceRisk.Functions/Functions/*/function.json")):
    for binding in json.load(open(file))["bindings"]:
        if binding["type"].lower() == "blobtrigger":
            print(os.path.basename(os.path.dirname(file)), binding["path"].split("/")[0])
PY
)
[ -z "$triggers" ] && exit 0

key=$(az functionapp keys list --resource-group "$RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" --query systemKeys.blobs_extension --output tsv)
host=$(az functionapp show --resource-group "$RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" --query defaultHostName --output tsv)
echo "$triggers" | while read -r name container; do
  az eventgrid system-topic event-subscription create \
    --resource-group "$RESOURCE_GROUP" --system-topic-name "$ROSTER_EVENTS_SYSTEM_TOPIC_NAME" \
    --name "$(echo "$name" | tr '[:upper:]' '[:lower:]')-blobs" \
    --endpoint-type webhook \
    --endpoint "https://$host/runtime/webhooks/blobs?functionName=Host.Functions.$name&code=$key" \
    --included-event-types Microsoft.Storage.BlobCreated \
    --subject-begins-with "/blobServices/default/containers/$container/"
done
