// What the transfer form shows: shared by the server action and the client form (no server imports here).

export const MAX_COURSES = 12;

export type TransferCourse = {
  code: string;
  title: string;
  agreed: { code: string; title: string; source: "known" | "accepted" }[];
  proposals: { code: string; title: string; score: number; reasons: string[] }[];
};
export type TransferView = {
  from: string;
  courses: TransferCourse[];
  unknown: string[];
  modelMissing: boolean;
  error: string | null;
};

export const EMPTY_VIEW: TransferView = {
  from: "",
  courses: [],
  unknown: [],
  modelMissing: false,
  error: null,
};
