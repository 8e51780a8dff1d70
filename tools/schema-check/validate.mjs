#!/usr/bin/env node
// Validates JSON documents against a JSON Schema (draft 2020-12) with Ajv.
//
//   node validate.mjs <schema.json> <doc.json> [<doc.json> ...]
//
// Prints "ok <file>" for each valid document, or "<file>: <instancePath> <message>" for every error.
// Exit codes: 0 all valid, 1 at least one document is invalid, 2 usage, I/O, JSON or schema errors.
// Install once with `npm ci --prefix tools/schema-check`.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const USAGE = "usage: node validate.mjs <schema.json> <doc.json> [<doc.json> ...]";

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function readJson(file, what) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    fail(`${file}: cannot read ${what}: ${e.message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(`${file}: ${what} is not valid JSON: ${e.message}`);
  }
}

const [schemaFile, ...docs] = process.argv.slice(2);
if (!schemaFile || docs.length === 0) fail(USAGE);

const schema = readJson(schemaFile, "schema");
let validate;
try {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  validate = ajv.compile(schema);
} catch (e) {
  fail(`${schemaFile}: schema does not compile: ${e.message}`);
}

let invalid = 0;
for (const file of docs) {
  const doc = readJson(file, "document");
  if (validate(doc)) {
    process.stdout.write(`ok ${file}\n`);
    continue;
  }
  invalid++;
  for (const error of validate.errors ?? []) {
    const detail = error.params && Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : "";
    process.stdout.write(`${file}: ${error.instancePath || "(root)"} ${error.message}${detail}\n`);
  }
}
process.exit(invalid > 0 ? 1 : 0);
