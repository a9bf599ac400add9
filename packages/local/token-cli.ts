// `npm run token -- --tenant 320312 --role inspector [--departments 住建局,应急管理局]`: prints a JWT the local
// server accepts, signed with the data folder's dev key (DATA_DIR, default .data). `--role platform-admin` needs no tenant: it prints a platform
// operator's token, from the local operators' issuer.
import { parseArgs } from "node:util";
import { isDivisionCode } from "#core/kernel/division-code";
import { type Role, roles } from "#core/kernel/principal";
import { loadDevKeys, maxDevTokenSeconds, mintDevToken } from "#local/dev-keys";

const { values } = parseArgs({
  options: {
    tenant: { type: "string" },
    role: { type: "string", default: "tenant-admin" },
    sub: { type: "string" },
    departments: { type: "string" },
    ttl: { type: "string", default: "43200" },
  },
});

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(2);
}

const role = values.role as Role;
if (!roles.includes(role)) fail(`--role must be one of ${roles.join(", ")}`);
if (role !== "platform-admin" && !(values.tenant && isDivisionCode(values.tenant))) fail("--tenant <6-digit division code> is required");
if (role === "platform-admin" && values.departments) fail("--role platform-admin takes no --departments");
if (role === "platform-admin" && values.tenant) fail("--role platform-admin takes no --tenant: platform operators belong to no tenant");
const ttlSeconds = Number(values.ttl);
if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > maxDevTokenSeconds) {
  fail(`--ttl must be a positive number of seconds, at most ${maxDevTokenSeconds} (the API refuses longer-lived tokens)`);
}

const keys = await loadDevKeys(process.env.DATA_DIR ?? ".data");
console.log(
  await mintDevToken(keys, {
    role,
    tenantId: role === "platform-admin" ? undefined : values.tenant,
    subject: values.sub,
    departments: values.departments?.split(",").map((d) => d.trim()),
    ttlSeconds,
  }),
);
