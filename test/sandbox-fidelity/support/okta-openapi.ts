import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { load } from 'js-yaml';
import { isObject, type JsonObject } from './json-path';

// Validates JSON bodies against Okta's published OpenAPI 3.0 document. Ajv speaks JSON Schema, not
// OpenAPI, so the component schemas are rewritten once:
// - `$ref: #/components/schemas/X` becomes a ref into `$defs`;
// - a schema with a `discriminator` mapping gets a second definition that validates the base and
//   then, by the discriminating value, the mapped subtype (OpenAPI semantics that Ajv lacks). The
//   subtypes are `allOf: [base, ...]`, so refs inside `allOf` point at the plain base and never
//   loop back into the dispatch;
// - `nullable` becomes a null type; `additionalProperties: false` is dropped because Okta's
//   clients tolerate fields they do not know, and so do these tests;
// - OpenAPI-only keywords (example, discriminator, x-*) are removed.

const SCHEMA_REF_PREFIX = '#/components/schemas/';
const ROOT_ID = 'okta-management';

/**
 * Where Okta's own examples contradict its schemas, the examples describe what Okta sends: its
 * activation `send` links and enrollment `resend` links are arrays of named links (factors.md,
 * seed 000), while the schemas declare one link object. Both forms are accepted for these.
 */
const LINK_RELATIONS_OKTA_SENDS_AS_ARRAYS = ['send', 'resend'];

type OpenApiDocument = {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown>; examples: Record<string, unknown> };
};

export type ValidationResult = { valid: true } | { valid: false; errors: string[] };

export type DocumentedResponse = {
  /** JSON schema for the body, or undefined when Okta documents no body (204, reset_factors). */
  schema?: JsonObject;
  examples: Record<string, unknown>;
};

export class OktaOpenApi {
  private readonly ajv: Ajv;
  private readonly document: OpenApiDocument;
  private readonly discriminated = new Set<string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  /** `file`: management-minimal.yaml (the Management API), or oauth-org-as.yaml (the org authorization server). */
  constructor(referenceDir: string, private readonly file = 'management-minimal.yaml') {
    const text = readFileSync(join(referenceDir, file), 'utf8');
    const parsed = load(text);
    if (!isObject(parsed) || !isObject(parsed.paths) || !isObject(parsed.components)) {
      throw new Error(`${file} does not look like an OpenAPI document (no paths/components).`);
    }
    this.document = parsed as unknown as OpenApiDocument;
    const schemas = this.document.components.schemas;
    for (const [name, schema] of Object.entries(schemas)) {
      if (isObject(schema) && isObject(schema.discriminator) && isObject(schema.discriminator.mapping)) {
        this.discriminated.add(name);
      }
    }
    const defs: JsonObject = {};
    for (const [name, schema] of Object.entries(schemas)) {
      defs[name] = this.rewrite(schema, false, name);
      if (this.discriminated.has(name)) defs[dispatchName(name)] = this.dispatchSchema(name, schema as JsonObject);
    }
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormatsPlugin(this.ajv);
    for (const openApiOnlyFormat of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) {
      this.ajv.addFormat(openApiOnlyFormat, true);
    }
    this.ajv.addSchema({ $id: ROOT_ID, $defs: defs });
  }

  /** Validates `body` against a named component schema (with its discriminator applied). */
  validateSchema(schemaName: string, body: unknown): ValidationResult {
    if (!(schemaName in this.document.components.schemas)) {
      throw new Error(`No schema named ${schemaName} in ${this.file}`);
    }
    return this.run(`${ROOT_ID}#/$defs/${this.refTarget(schemaName, false)}`, body);
  }

  /** Validates `body` against a JSON schema produced by `documentedResponse`. */
  validateAgainst(schema: JsonObject, body: unknown): ValidationResult {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      // Refs in rewritten schemas are absolute (okta-management#/$defs/...), so an inline schema
      // compiles on its own against the shared definitions.
      validate = this.ajv.compile({ ...schema, $id: `${ROOT_ID}-inline-${this.compiled.size}` });
      this.compiled.set(key, validate);
    }
    return outcome(validate, body);
  }

  /**
   * What Okta documents for `method path` answering `status`: undefined when that status is not
   * documented for the operation at all.
   */
  documentedResponse(method: string, pathTemplate: string, status: number): DocumentedResponse | undefined {
    const pathItem = this.document.paths[pathTemplate];
    if (!pathItem) throw new Error(`${this.file} has no path ${pathTemplate}`);
    const operation = pathItem[method.toLowerCase()];
    if (!isObject(operation) || !isObject(operation.responses)) {
      throw new Error(`${this.file} has no ${method} ${pathTemplate}`);
    }
    let response = operation.responses[String(status)];
    if (response === undefined) return undefined;
    if (isObject(response) && typeof response.$ref === 'string') {
      response = this.document.components.responses[response.$ref.replace('#/components/responses/', '')];
    }
    const media = isObject(response) && isObject(response.content) ? response.content['application/json'] : undefined;
    if (!isObject(media) || media.schema === undefined) return { examples: {} };
    const examples: Record<string, unknown> = {};
    if (isObject(media.examples)) {
      for (const [name, example] of Object.entries(media.examples)) examples[name] = this.exampleValue(example);
    }
    return { schema: this.rewrite(media.schema, false, 'response') as JsonObject, examples };
  }

  /** The `value` of a named example in components/examples. */
  example(name: string): unknown {
    return this.exampleValue({ $ref: `#/components/examples/${name}` });
  }

  private exampleValue(example: unknown): unknown {
    let resolved = example;
    if (isObject(resolved) && typeof resolved.$ref === 'string') {
      resolved = this.document.components.examples[resolved.$ref.replace('#/components/examples/', '')];
    }
    return isObject(resolved) ? resolved.value : undefined;
  }

  private run(ref: string, body: unknown): ValidationResult {
    let validate = this.compiled.get(ref);
    if (!validate) {
      const found = this.ajv.getSchema(ref);
      if (!found) throw new Error(`Ajv could not resolve ${ref}`);
      validate = found;
      this.compiled.set(ref, validate);
    }
    return outcome(validate, body);
  }

  private refTarget(schemaName: string, insideAllOf: boolean): string {
    return this.discriminated.has(schemaName) && !insideAllOf ? dispatchName(schemaName) : schemaName;
  }

  private dispatchSchema(name: string, schema: JsonObject): JsonObject {
    const discriminator = schema.discriminator as { propertyName: string; mapping: Record<string, string> };
    const branches: JsonObject[] = [];
    for (const [value, target] of Object.entries(discriminator.mapping)) {
      const targetName = target.replace(SCHEMA_REF_PREFIX, '');
      if (targetName === name) continue;
      branches.push({
        if: { properties: { [discriminator.propertyName]: { const: value } }, required: [discriminator.propertyName] },
        then: { $ref: `#/$defs/${targetName}` },
      });
    }
    return { allOf: [{ $ref: `#/$defs/${name}` }, ...branches] };
  }

  private rewrite(node: unknown, insideAllOf: boolean, propertyName: string): unknown {
    if (Array.isArray(node)) return node.map((item) => this.rewrite(item, insideAllOf, propertyName));
    if (!isObject(node)) return node;
    const dispatched = inlineDiscriminatorDispatch(node);
    if (dispatched) return this.rewrite(dispatched, insideAllOf, propertyName);
    if (typeof node.$ref === 'string') {
      if (!node.$ref.startsWith(SCHEMA_REF_PREFIX)) throw new Error(`Unsupported $ref ${node.$ref}`);
      const target = this.refTarget(node.$ref.slice(SCHEMA_REF_PREFIX.length), insideAllOf);
      return { $ref: `${ROOT_ID}#/$defs/${target}` };
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'discriminator' || key === 'example' || key === 'examples' || key === 'nullable' || key.startsWith('x-')) continue;
      if (key === 'additionalProperties' && (value === false || saysOnlyObject(value))) continue;
      if (key === 'allOf' && Array.isArray(value)) {
        out.allOf = value.map((item) => this.rewrite(item, true, propertyName));
      } else if (key === 'properties' && isObject(value)) {
        const properties: JsonObject = {};
        for (const [name, schema] of Object.entries(value)) {
          properties[name] = this.rewrite(schema, false, name);
          if (LINK_RELATIONS_OKTA_SENDS_AS_ARRAYS.includes(name)) {
            properties[name] = { anyOf: [properties[name], { type: 'array', items: properties[name] }] };
          }
        }
        out.properties = properties;
      } else {
        out[key] = this.rewrite(value, false, propertyName);
      }
    }
    if (node.nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      if (out.type === undefined) return { anyOf: [out, { type: 'null' }] };
    }
    return out;
  }
}

/**
 * `additionalProperties: {type: object, properties: {}}` appears on maps such as a verify
 * response's `profile` or the catalog's `_embedded`, whose values Okta's own examples show as
 * strings and arrays: it constrains nothing the schema author meant, so it is dropped.
 */
function saysOnlyObject(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value).filter((key) => key !== 'readOnly' && key !== 'description' && key !== 'nullable');
  return keys.every((key) => key === 'type' || key === 'properties') && value.type === 'object' &&
    (value.properties === undefined || (isObject(value.properties) && Object.keys(value.properties).length === 0));
}

/**
 * An inline `oneOf` with a discriminator mapping (e.g. the role assignments of
 * `GET /users/{id}/roles`, StandardRole | CustomRole): in OpenAPI the discriminating value picks
 * the one subtype, where JSON Schema's `oneOf` would demand that exactly one subtype match (and
 * both loose object schemas do). Rewritten as "any of them, and the mapped one for this value".
 */
function inlineDiscriminatorDispatch(node: JsonObject): JsonObject | null {
  const { oneOf, discriminator, ...rest } = node;
  if (!Array.isArray(oneOf) || !isObject(discriminator) || !isObject(discriminator.mapping) || typeof discriminator.propertyName !== 'string') return null;
  const propertyName = discriminator.propertyName;
  const branches = Object.entries(discriminator.mapping).map(([value, target]) => ({
    if: { properties: { [propertyName]: { const: value } }, required: [propertyName] },
    then: { $ref: target },
  }));
  return { ...rest, anyOf: oneOf, allOf: [...(Array.isArray(rest.allOf) ? rest.allOf : []), ...branches] };
}

function dispatchName(schemaName: string): string {
  return `${schemaName}__byDiscriminator`;
}

function outcome(validate: ValidateFunction, body: unknown): ValidationResult {
  if (validate(body)) return { valid: true };
  const errors = (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(body)'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`,
  );
  return { valid: false, errors };
}
