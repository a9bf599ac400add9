// The webhook targets' name lookup: every address the system resolver answers for a host (dns.lookup with all: true,
// as a connection would use), so the SSRF rule judges them all (core/webhooks/webhook-target.ts).
import { lookup } from "node:dns/promises";
import type { HostResolver } from "#core/webhooks/webhook-target";

export const dnsHostResolver: HostResolver = {
  async resolve(hostname) {
    const found = await lookup(hostname, { all: true, verbatim: true });
    return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  },
};
