// Where a webhook may be sent (the SSRF rule): an https URL without credentials whose host resolves only to public
// unicast addresses — never private, loopback, link-local (the 169.254.169.254 metadata service), unique-local,
// carrier-grade NAT, multicast, unspecified or reserved ones, nor IPv6 forms that embed such an IPv4 address
// (mapped, NAT64, 6to4, Teredo). Locally (`loopback-too`) plain http is allowed to loopback addresses, and only there,
// so a developer can receive on 127.0.0.1. Any port is allowed: the address is what matters. The rule is checked when
// an endpoint is registered and again at every send, and the send connects to the very address checked, so a DNS
// answer that changes in between (rebinding) cannot steer it elsewhere.
import ipaddr from "ipaddr.js";
import { errors, type FieldProblem, problem } from "#core/kernel/errors";

export type WebhookTargets = "public" | "loopback-too";

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** How a host name becomes addresses (node:dns lookup with all: true in the store; IP literals need none). */
export interface HostResolver {
  resolve(hostname: string): Promise<readonly ResolvedAddress[]>;
}

export interface CheckedTarget {
  readonly url: URL;
  /** The host as the URL names it, without IPv6 brackets. */
  readonly hostname: string;
  /** The address to connect to: checked, with every other address the host resolves to. */
  readonly address: ResolvedAddress;
}

const refused = (code: string, zh: string, en: string): FieldProblem => problem("url", code, zh, en);

/** The URL's own problems (before any lookup), or its parts. */
export function parseTargetUrl(text: string, targets: WebhookTargets): { url: URL; hostname: string } | FieldProblem {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refused("invalid_url", "不是有效的 URL", "Not a valid URL");
  }
  if (url.username || url.password) {
    return refused("url_credentials", "URL 中不能包含用户名或密码", "The URL must not carry a user name or password");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && targets === "loopback-too")) {
    return refused("https_required", "推送地址须使用 https", "The URL must use https");
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  if (!hostname) return refused("invalid_url", "URL 缺少主机名", "The URL has no host");
  return { url, hostname };
}

/** The address's range when it may not be sent to, or undefined when it may. */
export function refusedRange(address: string, protocol: string, targets: WebhookTargets): string | undefined {
  if (!ipaddr.isValid(address)) return "invalid";
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range === "loopback" && targets === "loopback-too") return undefined;
  if (range !== "unicast") return range;
  // Plain http only ever reaches loopback (and only locally).
  return protocol === "http:" ? "http-to-public" : undefined;
}

/**
 * Checks `text` as a webhook target: the URL, then every address its host resolves to. Answers the address to
 * connect to, or throws 422 on field `url`.
 */
export async function checkTarget(text: string, targets: WebhookTargets, resolver: HostResolver): Promise<CheckedTarget> {
  const parsed = parseTargetUrl(text, targets);
  if (!("url" in parsed)) throw errors.unprocessable([parsed]);
  const { url, hostname } = parsed;
  let addresses: readonly ResolvedAddress[];
  if (ipaddr.isValid(hostname)) addresses = [{ address: hostname, family: hostname.includes(":") ? 6 : 4 }];
  else {
    try {
      addresses = await resolver.resolve(hostname);
    } catch {
      addresses = [];
    }
  }
  const [first] = addresses;
  if (!first) {
    throw errors.unprocessable([refused("host_not_found", `无法解析主机名 ${hostname}`, `The host ${hostname} does not resolve`)]);
  }
  for (const { address } of addresses) {
    const range = refusedRange(address, url.protocol, targets);
    if (range === "http-to-public") {
      throw errors.unprocessable([refused("https_required", "推送地址须使用 https", "The URL must use https")]);
    }
    if (range !== undefined) {
      throw errors.unprocessable([
        refused(
          "address_not_allowed",
          `推送地址解析到不允许的地址 ${address}（${range}）：只能推送到公网地址`,
          `The URL resolves to ${address} (${range}): webhooks go to public addresses only`,
        ),
      ]);
    }
  }
  return { url, hostname, address: first };
}
