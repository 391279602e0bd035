import { expect } from 'vitest';
import { at, isObject, keysAt } from './json-path';
import type { OktaOpenApi } from './okta-openapi';
import { describeResponse, type OrgResponse } from './org-http';

// Assertions shared by the contract tests: a response is checked against what Okta documents for
// its operation and status, and, where an example exists, against the example's shape.

export class ContractExpectations {
  constructor(private readonly spec: OktaOpenApi) {}

  /**
   * The response's status is one Okta documents for `method pathTemplate`, and its body matches
   * the documented schema (or the named component schema, where the operation's schema is a
   * union the body's own discriminator cannot select, e.g. a push activation that is WAITING).
   */
  documented(method: string, pathTemplate: string, response: OrgResponse, schemaName?: string): void {
    const documented = this.spec.documentedResponse(method, pathTemplate, response.status);
    expect(documented, `Okta documents no ${response.status} for ${method} ${pathTemplate}; got ${describeResponse(response)}`).toBeDefined();
    if (!documented) return;
    if (schemaName) {
      this.schema(schemaName, response.body, `${method} ${pathTemplate}`);
      return;
    }
    if (!documented.schema) {
      // No content: 204 means no body at all; a 200 without a schema (reset_factors) is, per
      // users.md, "an empty object by default".
      const empty = response.bytes.length === 0 || (response.status !== 204 && JSON.stringify(response.body) === '{}');
      expect(empty, `${method} ${pathTemplate} ${response.status} has no body in Okta's API; got ${describeResponse(response)}`).toBe(true);
      return;
    }
    const result = this.spec.validateAgainst(documented.schema, response.body);
    // For arrays, the same problem in every item is reported once, as /*/...
    const problems = result.valid ? [] : [...new Set(result.errors.map((error) => error.replace(/^\/\d+\//, '/*/')))];
    expect(problems, `${method} ${pathTemplate} ${response.status} body ${JSON.stringify(response.body).slice(0, 600)}`).toEqual([]);
  }

  schema(schemaName: string, body: unknown, context: string): void {
    const result = this.spec.validateSchema(schemaName, body);
    expect(result.valid ? [] : result.errors, `${context}: body does not match ${schemaName}: ${JSON.stringify(body).slice(0, 600)}`).toEqual([]);
  }

  /**
   * Every field, link relation and embedded resource that Okta's example shows is present in
   * `body` (values differ by nature; extra fields are fine). `ignore` lists dotted paths where the
   * example itself is inconsistent with Okta's other documents.
   */
  exampleShape(exampleName: string, body: unknown, ignore: string[] = []): void {
    this.exampleValueShape(exampleName, this.spec.example(exampleName), body, ignore);
  }

  /** As `exampleShape`, for an example written inline in an operation rather than in components. */
  exampleValueShape(exampleName: string, example: unknown, body: unknown, ignore: string[] = []): void {
    expect(isObject(example) || Array.isArray(example), `example ${exampleName} exists`).toBe(true);
    for (const path of shapePaths(example)) {
      const missing = keysAt(example, path)
        .map((key) => (path === '' ? key : `${path}.${key}`))
        .filter((full) => !ignore.includes(full) && at(body, full) === undefined);
      expect(missing, `fields in Okta's ${exampleName} example missing from ${JSON.stringify(body).slice(0, 600)}`).toEqual([]);
    }
  }
}

/** The levels compared: top level, links, embedded resources and a push activation's links. */
function shapePaths(example: unknown): string[] {
  return ['', '_links', '_embedded', '_embedded.activation', '_embedded.activation._links', '_embedded.challenge'].filter(
    (path) => path === '' || isObject(at(example, path)),
  );
}
