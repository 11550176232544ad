import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, markPeerHeaderTrusted, PEER_HEADER, DIRECT_CLIENT } from "@/lib/http/client-address";

const MARK = Symbol.for("atlas.peerHeader");
const req = (headers: Record<string, string>) => new Request("http://localhost/api/recommend", { headers });

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[MARK];
});

describe("clientAddress", () => {
  it("with no proxy (hops 0) takes the launcher's socket address and ignores X-Forwarded-For", () => {
    markPeerHeaderTrusted();
    const r = req({ [PEER_HEADER]: "::ffff:192.0.2.7", "x-forwarded-for": "203.0.113.1, 198.51.100.2" });
    expect(clientAddress(r, 0)).toBe("192.0.2.7");
  });

  it("never trusts a peer header that the launcher did not set (plain next start): one shared key", () => {
    const forged = req({ [PEER_HEADER]: "198.51.100.9", "x-forwarded-for": "198.51.100.10" });
    expect(clientAddress(forged, 0)).toBe(DIRECT_CLIENT);
  });

  it("with N trusted hops takes the N-th X-Forwarded-For entry from the right", () => {
    markPeerHeaderTrusted();
    // The client wrote "6.6.6.6"; the first proxy appended what it saw (203.0.113.5), the second proxy 10.0.0.2.
    const r = req({ [PEER_HEADER]: "10.0.0.3", "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.2" });
    expect(clientAddress(r, 1)).toBe("10.0.0.2");
    expect(clientAddress(r, 2)).toBe("203.0.113.5");
  });

  it("rotating a forged left-most entry does not change the key", () => {
    markPeerHeaderTrusted();
    const keys = ["1.1.1.1", "2.2.2.2", "3.3.3.3"].map((forged) =>
      clientAddress(req({ [PEER_HEADER]: "10.0.0.3", "x-forwarded-for": `${forged}, 203.0.113.5` }), 1),
    );
    expect(new Set(keys)).toEqual(new Set(["203.0.113.5"]));
  });

  it("a request with fewer entries than hops (it bypassed a proxy) counts by its socket", () => {
    markPeerHeaderTrusted();
    expect(clientAddress(req({ [PEER_HEADER]: "192.0.2.8", "x-forwarded-for": "1.2.3.4" }), 2)).toBe(
      "192.0.2.8",
    );
    expect(clientAddress(req({ [PEER_HEADER]: "192.0.2.8" }), 1)).toBe("192.0.2.8");
  });
});
