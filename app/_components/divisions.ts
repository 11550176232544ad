/** One colour per division, shared by the map and the subject network (distinct, readable on white). */
export const DIVISION_COLOURS: Record<string, string> = {
  Engineering: "#1f77b4",
  Sciences: "#2ca02c",
  "Social Sciences": "#d62728",
  Humanities: "#9467bd",
  Languages: "#e07b00",
  "Area Studies": "#8c564b",
};

export function divisionColour(division: string): string {
  return DIVISION_COLOURS[division] ?? "#7f7f7f";
}
