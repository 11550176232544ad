/** A course card's id (and the decide action's redirect target): the code with anything but letters and digits as "-". */
export const courseAnchor = (code: string) => `course-${code.replace(/[^A-Za-z0-9]+/g, "-")}`;
