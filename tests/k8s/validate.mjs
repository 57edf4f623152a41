#!/usr/bin/env node
// Validates Kubernetes manifests independently of stackctl's C++: every
// document is checked by the kubernetes-models class for its apiVersion/kind
// (types, required fields, enums, formats) and by a strictness pass that
// rejects any field the schema does not define.
//
// Usage: node tests/k8s/validate.mjs DIR_OR_FILE...
// Reads every .yaml/.yml/.json file (multi-document YAML, parsed as YAML 1.1
// the way kubectl reads it), prints "file: kind/name: problem" lines and a
// summary, and exits 1 if there was any problem, 0 otherwise.
//
// Strictness: kubernetes-models ships its schemas as compiled validators (no
// JSON Schema documents), and those ignore properties the schema does not
// list. So the same compiled validator is run once more over a copy of the
// document wrapped in Proxies that record which keys it reads. A validator
// reads every property its schema defines; it enumerates an object's keys
// only when the schema is a map (labels, data, ...). A key present in an
// object the validator visited, that it neither read nor enumerated, is
// therefore not in the schema. Objects the validator never touched sit under
// such a key (already reported) or under a free-form field.
//
// Custom resources kubernetes-models does not ship have a hand-written
// structural check instead (CUSTOM_KINDS); any other kind is rejected.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

import * as secretProviderClass from "./secret_provider_class.mjs";

const CUSTOM_KINDS = new Map([
  [`${secretProviderClass.API_VERSION} ${secretProviderClass.KIND}`, secretProviderClass.checkSecretProviderClass],
]);

const API_VERSION = /^(?:[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const modules = new Map();

async function modelClass(apiVersion, kind) {
  if (typeof apiVersion !== "string" || !API_VERSION.test(apiVersion)) return null;
  if (!modules.has(apiVersion)) {
    let mod = null;
    try {
      mod = await import(`kubernetes-models/${apiVersion}`);
    } catch {
      mod = null;  // no such group/version in kubernetes-models
    }
    modules.set(apiVersion, mod);
  }
  const cls = modules.get(apiVersion)?.[kind];
  if (typeof cls !== "function" || cls.apiVersion !== apiVersion || cls.kind !== kind) return null;
  return cls;
}

function describePath(segments) {
  let out = "";
  for (const s of segments) out += typeof s === "number" ? `[${s}]` : out ? `.${s}` : s;
  return out || "(root)";
}

function pointerToPath(pointer) {
  const segments = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
  return describePath(segments);
}

/// A deep copy of `value` whose objects record how the validator used them.
function instrument(value, segments, records) {
  if (Array.isArray(value)) return value.map((v, i) => instrument(v, [...segments, i], records));
  if (value === null || typeof value !== "object") return value;
  const target = {};
  for (const [k, v] of Object.entries(value)) target[k] = instrument(v, [...segments, k], records);
  const record = { target, segments, read: new Set(), visited: false, enumerated: false };
  records.push(record);
  return new Proxy(target, {
    get(t, key, receiver) {
      record.visited = true;
      if (typeof key === "string") record.read.add(key);
      return Reflect.get(t, key, receiver);
    },
    has(t, key) {
      record.visited = true;
      if (typeof key === "string") record.read.add(key);
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      record.visited = true;
      record.enumerated = true;
      return Reflect.ownKeys(t);
    },
  });
}

function unknownFields(cls, doc) {
  const records = [];
  const proxy = instrument(doc, [], records);
  try {
    cls.prototype.validate.call(proxy);  // runs the class's compiled validator on `this`
  } catch {
    // schema errors are reported by the regular validation
  }
  const problems = [];
  for (const r of records) {
    if (!r.visited || r.enumerated) continue;
    for (const key of Object.keys(r.target))
      if (!r.read.has(key)) problems.push(`unknown field "${describePath([...r.segments, key])}"`);
  }
  return problems;
}

function schemaErrors(cls, doc) {
  try {
    new cls(doc).validate();
    return [];
  } catch (err) {
    if (!Array.isArray(err.errors)) return [`validation failed: ${err.message}`];
    return err.errors.map((e) => {
      const where = pointerToPath(e.instancePath ?? "");
      const extra = e.params?.allowedValues ? ` (${e.params.allowedValues.join(", ")})` : "";
      return `${where}: ${e.message}${extra}`;
    });
  }
}

async function checkDocument(doc) {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    return { id: "?", problems: ["document is not a mapping"] };
  const id = `${doc.kind ?? "?"}/${doc.metadata?.name ?? "?"}`;
  if (typeof doc.apiVersion !== "string" || typeof doc.kind !== "string")
    return { id, problems: ["apiVersion and kind must both be set"] };
  const custom = CUSTOM_KINDS.get(`${doc.apiVersion} ${doc.kind}`);
  if (custom) return { id, problems: custom(doc) };
  const cls = await modelClass(doc.apiVersion, doc.kind);
  if (!cls) return { id, problems: [`unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`] };
  return { id, problems: [...schemaErrors(cls, doc), ...unknownFields(cls, doc)] };
}

function readDocuments(file) {
  const text = fs.readFileSync(file, "utf8");
  if (file.endsWith(".json")) {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
  }
  const docs = [];
  for (const d of YAML.parseAllDocuments(text, { version: "1.1", uniqueKeys: true })) {
    if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join("; "));
    const value = d.toJS({ maxAliasCount: 0 });
    if (value !== null && value !== undefined) docs.push(value);  // empty documents are no-ops
  }
  return docs;
}

function collectFiles(entry, out) {
  const stat = fs.statSync(entry);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(entry).sort()) {
      // The Terraform root module of cloud environments is not Kubernetes;
      // tests/terraform/ checks it against the provider schemas.
      if (name === "node_modules" || name === "terraform") continue;
      collectFiles(path.join(entry, name), out);
    }
  } else if (/\.(ya?ml|json)$/.test(entry)) {
    out.push(entry);
  }
}

async function main(args) {
  if (args.length === 0) {
    console.error("usage: node validate.mjs DIR_OR_FILE...");
    return 2;
  }
  const files = [];
  for (const a of args) collectFiles(a, files);
  let documents = 0;
  let problems = 0;
  for (const file of files) {
    let docs;
    try {
      docs = readDocuments(file);
    } catch (err) {
      console.log(`${file}: parse error: ${err.message}`);
      problems++;
      continue;
    }
    for (const doc of docs) {
      documents++;
      const result = await checkDocument(doc);
      for (const p of result.problems) console.log(`${file}: ${result.id}: ${p}`);
      problems += result.problems.length;
    }
  }
  const verdict = problems === 0 ? "ok" : "FAILED";
  console.log(`validate: ${documents} documents in ${files.length} files, ${problems} problems: ${verdict}`);
  return problems === 0 && files.length > 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
