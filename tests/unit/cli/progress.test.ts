import { describe, expect, it } from "vitest";
import { formatDuration, formatRate } from "@/scripts/cli/progress";

describe("progress figures", () => {
  it("prints slow rates with their digits instead of rounding them to 0", () => {
    expect(formatRate(0.42)).toBe("0.42");
    expect(formatRate(2.345)).toBe("2.3");
    expect(formatRate(27_612.4)).toBe((27_612).toLocaleString());
  });

  it("prints durations in the unit a person reads", () => {
    expect(formatDuration(350)).toBe("350 ms");
    expect(formatDuration(12_340)).toBe("12.3 s");
    expect(formatDuration(313_500)).toBe("5 min 14 s");
    expect(formatDuration(299_600)).toBe("5 min 0 s");
  });
});
