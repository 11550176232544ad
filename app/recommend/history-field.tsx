import { HistoryHelper } from "./history-helper";

/** The history box that /recommend and /plan both start from, with its type-ahead helper. */
export function HistoryField({ defaultValue, rows }: { defaultValue: string; rows: number }) {
  return (
    <>
      <label htmlFor="history">Your courses, one term per line</label>
      <textarea
        id="history"
        name="history"
        rows={rows}
        defaultValue={defaultValue}
        placeholder={"Fall 2024: COMPSCI 1, MATH 1\nSpring 2025: COMPSCI 17, DATA 1"}
      />
      <HistoryHelper targetId="history" />
    </>
  );
}
