// A structural check for the Secrets Store CSI driver's SecretProviderClass
// (secrets-store.csi.x-k8s.io/v1), which kubernetes-models does not ship:
// the fields stackctl renders, their types and required ones, and no field
// the CRD does not define (like validate.mjs's strictness pass).
// Returns a list of "PATH: problem" strings, empty when the document is valid.

export const API_VERSION = "secrets-store.csi.x-k8s.io/v1";
export const KIND = "SecretProviderClass";

const PROVIDERS = ["gcp", "aws", "azure", "vault"];
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isMap(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const join = (path, key) => (path ? `${path}.${key}` : key);

/// Checks `value` is a map, reports keys outside `allowed` and missing `required` ones.
function checkFields(value, path, allowed, required, problems) {
  if (!isMap(value)) {
    problems.push(`${path || "(root)"}: must be object`);
    return false;
  }
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) problems.push(`unknown field "${join(path, key)}"`);
  for (const key of required) if (!(key in value)) problems.push(`${path || "(root)"}: must have required property ${key}`);
  return true;
}

function checkString(value, path, problems, pattern) {
  if (value === undefined) return;
  if (typeof value !== "string") problems.push(`${path}: must be string`);
  else if (pattern && !pattern.test(value)) problems.push(`${path}: must match pattern "${pattern.source}"`);
}

function checkStringMap(value, path, problems) {
  if (value === undefined) return;
  if (!isMap(value)) {
    problems.push(`${path}: must be object`);
    return;
  }
  for (const [k, v] of Object.entries(value)) checkString(v, `${path}.${k}`, problems);
}

function checkList(value, path, problems, each) {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be array`);
    return;
  }
  value.forEach((item, i) => each(item, `${path}[${i}]`));
}

export function checkSecretProviderClass(doc) {
  const problems = [];
  checkFields(doc, "", ["apiVersion", "kind", "metadata", "spec"], ["metadata", "spec"], problems);
  const meta = doc.metadata;
  const metaFields = ["name", "namespace", "labels", "annotations"];
  if (meta !== undefined && checkFields(meta, "metadata", metaFields, ["name", "namespace"], problems)) {
    checkString(meta.name, "metadata.name", problems, DNS_SUBDOMAIN);
    checkString(meta.namespace, "metadata.namespace", problems, DNS_LABEL);
    checkStringMap(meta.labels, "metadata.labels", problems);
    checkStringMap(meta.annotations, "metadata.annotations", problems);
  }
  const spec = doc.spec;
  const specFields = ["provider", "parameters", "secretObjects"];
  if (spec === undefined || !checkFields(spec, "spec", specFields, ["provider"], problems)) return problems;
  if (spec.provider !== undefined && !PROVIDERS.includes(spec.provider))
    problems.push(`spec.provider: must be equal to one of the allowed values (${PROVIDERS.join(", ")})`);
  checkStringMap(spec.parameters, "spec.parameters", problems);
  checkList(spec.secretObjects, "spec.secretObjects", problems, (obj, path) => {
    const objectFields = ["secretName", "type", "labels", "annotations", "data"];
    if (!checkFields(obj, path, objectFields, ["secretName", "type", "data"], problems)) return;
    checkString(obj.secretName, `${path}.secretName`, problems, DNS_SUBDOMAIN);
    checkString(obj.type, `${path}.type`, problems);
    checkStringMap(obj.labels, `${path}.labels`, problems);
    checkStringMap(obj.annotations, `${path}.annotations`, problems);
    checkList(obj.data, `${path}.data`, problems, (item, itemPath) => {
      if (!checkFields(item, itemPath, ["objectName", "key"], ["objectName", "key"], problems)) return;
      checkString(item.objectName, `${itemPath}.objectName`, problems);
      checkString(item.key, `${itemPath}.key`, problems);
    });
  });
  return problems;
}
