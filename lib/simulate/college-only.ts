/**
 * The college's courses with no university equivalent (basic skills, ESL, general education,
 * career-technical) and the certificates its career-technical students follow.
 */
export type CollegeOnlyKind = "remedial" | "esl" | "general" | "vocational";

/** Courses with no university equivalent: basic skills, ESL, general education, career-technical. */
export type CollegeOnlyCourse = { code: string; title: string; kind: CollegeOnlyKind; about: string };

export const COLLEGE_ONLY: CollegeOnlyCourse[] = [
  {
    code: "MATH 200",
    title: "Prealgebra",
    kind: "remedial",
    about: "arithmetic of whole numbers, fractions, decimals and percents, and an introduction to variables",
  },
  {
    code: "MATH 210",
    title: "Elementary Algebra",
    kind: "remedial",
    about: "linear equations and inequalities, graphs of lines, exponents and polynomials",
  },
  {
    code: "MATH 220",
    title: "Intermediate Algebra",
    kind: "remedial",
    about:
      "functions and their graphs, quadratic, exponential and logarithmic functions, and systems of equations",
  },
  {
    code: "MATH 41",
    title: "Trigonometry",
    kind: "general",
    about: "trigonometric functions, identities, equations and their applications",
  },
  {
    code: "MATH 43",
    title: "Precalculus",
    kind: "general",
    about: "polynomial, rational, exponential and trigonometric functions in preparation for calculus",
  },
  {
    code: "ENGL 200",
    title: "Reading and Writing Skills",
    kind: "remedial",
    about: "reading comprehension, paragraph development and the short essay",
  },
  {
    code: "ENGL 1C",
    title: "Critical Thinking and Writing",
    kind: "general",
    about: "argument, critical reading of non-fiction and the research essay",
  },
  {
    code: "ESL 251",
    title: "ESL Grammar and Writing I",
    kind: "esl",
    about: "sentence structure, verb tenses and paragraph writing for non-native speakers",
  },
  {
    code: "ESL 252",
    title: "ESL Grammar and Writing II",
    kind: "esl",
    about: "complex sentences, academic vocabulary and the multi-paragraph essay for non-native speakers",
  },
  {
    code: "ESL 261",
    title: "ESL Listening and Speaking",
    kind: "esl",
    about: "listening comprehension, pronunciation and classroom discussion skills",
  },
  {
    code: "ESL 271",
    title: "ESL Reading Skills",
    kind: "esl",
    about: "reading strategies, vocabulary building and summary writing",
  },
  {
    code: "ESL 5",
    title: "Advanced Composition for Multilingual Students",
    kind: "general",
    about: "academic reading and essay writing for students whose first language is not English",
  },
  {
    code: "COUN 5",
    title: "College Success",
    kind: "general",
    about: "study skills, time management, educational planning and campus resources",
  },
  {
    code: "COUN 10",
    title: "Career and Life Planning",
    kind: "general",
    about: "self-assessment, career exploration and decision making",
  },
  {
    code: "KIN 1",
    title: "Fitness Walking",
    kind: "general",
    about: "cardiovascular fitness through progressive walking programs",
  },
  {
    code: "KIN 4",
    title: "Yoga",
    kind: "general",
    about: "flexibility, strength and relaxation through yoga postures and breathing",
  },
  {
    code: "KIN 8",
    title: "Strength Training",
    kind: "general",
    about: "resistance training, muscular endurance and safe lifting technique",
  },
  {
    code: "CIS 2",
    title: "Computer Literacy and Applications",
    kind: "general",
    about: "word processing, spreadsheets, presentation software and the internet",
  },
  {
    code: "CIS 60",
    title: "Web Page Design with HTML and CSS",
    kind: "vocational",
    about: "building and publishing web pages with HTML and style sheets",
  },
  {
    code: "CIS 64",
    title: "Web Programming with JavaScript",
    kind: "vocational",
    about: "client-side scripting, forms and interactive web pages",
  },
  {
    code: "CIS 70",
    title: "Network Administration",
    kind: "vocational",
    about: "installing, configuring and troubleshooting local area networks",
  },
  {
    code: "AUTO 50A",
    title: "Automotive Fundamentals",
    kind: "vocational",
    about: "shop safety, tools and the basic systems of the automobile",
  },
  {
    code: "AUTO 51",
    title: "Engine Repair",
    kind: "vocational",
    about: "the operation, diagnosis and rebuilding of gasoline engines",
  },
  {
    code: "AUTO 52",
    title: "Brakes, Suspension and Steering",
    kind: "vocational",
    about: "inspection, diagnosis and repair of brake, suspension and steering systems",
  },
  {
    code: "AUTO 53",
    title: "Automotive Electrical Systems",
    kind: "vocational",
    about: "batteries, starting and charging systems, wiring diagrams and electrical diagnosis",
  },
  {
    code: "WELD 60",
    title: "Welding Fundamentals",
    kind: "vocational",
    about: "shop safety, oxyacetylene cutting and shielded metal arc welding",
  },
  {
    code: "WELD 61",
    title: "Gas Metal Arc Welding",
    kind: "vocational",
    about: "wire-feed welding of steel and aluminum in all positions",
  },
  {
    code: "WELD 62",
    title: "Blueprint Reading for Welders",
    kind: "vocational",
    about: "reading drawings, weld symbols and fabrication layouts",
  },
  {
    code: "CULN 50",
    title: "Culinary Foundations",
    kind: "vocational",
    about: "knife skills, cooking methods, stocks and sauces",
  },
  {
    code: "CULN 51",
    title: "Baking and Pastry",
    kind: "vocational",
    about: "breads, pastries, cakes and plated desserts",
  },
  {
    code: "CULN 52",
    title: "Food Safety and Sanitation",
    kind: "vocational",
    about: "safe food handling, sanitation and the ServSafe certification",
  },
  {
    code: "ACCT 1A",
    title: "Financial Accounting",
    kind: "vocational",
    about: "the accounting cycle, financial statements and the measurement of assets and liabilities",
  },
  {
    code: "ACCT 1B",
    title: "Managerial Accounting",
    kind: "vocational",
    about: "cost behavior, budgeting and the use of accounting data in management decisions",
  },
  {
    code: "ACCT 60",
    title: "Computerized Accounting",
    kind: "vocational",
    about: "small-business bookkeeping with accounting software",
  },
  {
    code: "BUS 10",
    title: "Introduction to Business",
    kind: "vocational",
    about: "business organization, management, marketing and finance in the economy",
  },
  {
    code: "BUS 55",
    title: "Business Communication",
    kind: "vocational",
    about: "letters, reports, presentations and workplace communication",
  },
  {
    code: "BUS 70",
    title: "Small Business Management",
    kind: "vocational",
    about: "starting and running a small business: planning, financing and marketing",
  },
  {
    code: "ECE 10",
    title: "Child Growth and Development",
    kind: "vocational",
    about: "physical, cognitive and social development from conception through adolescence",
  },
  {
    code: "ECE 12",
    title: "Child, Family and Community",
    kind: "vocational",
    about: "the family, schools and community as contexts for children's development",
  },
  {
    code: "ECE 20",
    title: "Curriculum for Young Children",
    kind: "vocational",
    about: "planning play-based learning activities for the preschool classroom",
  },
  {
    code: "HLTH 50",
    title: "Medical Terminology",
    kind: "vocational",
    about: "the language of medicine: word roots, prefixes, suffixes and body systems",
  },
  {
    code: "HLTH 60",
    title: "Emergency Medical Technician",
    kind: "vocational",
    about: "patient assessment, airway management and emergency care for the EMT certificate",
  },
  {
    code: "HLTH 62",
    title: "Certified Nursing Assistant",
    kind: "vocational",
    about: "patient care skills and clinical practice for the nursing assistant certificate",
  },
];

/** Career-technical certificates: their courses, taken roughly in this order. */
export const CERTIFICATES: { name: string; major: string; courses: string[] }[] = [
  {
    name: "Automotive Technology Certificate",
    major: "AUTO",
    courses: ["AUTO 50A", "AUTO 51", "AUTO 52", "AUTO 53"],
  },
  { name: "Welding Technology Certificate", major: "WELD", courses: ["WELD 60", "WELD 62", "WELD 61"] },
  { name: "Culinary Arts Certificate", major: "CULN", courses: ["CULN 52", "CULN 50", "CULN 51"] },
  { name: "Accounting Certificate", major: "ACCT", courses: ["BUS 10", "ACCT 1A", "ACCT 1B", "ACCT 60"] },
  {
    name: "Business Administration Certificate",
    major: "BUS",
    courses: ["BUS 10", "BUS 55", "ACCT 1A", "BUS 70"],
  },
  { name: "Early Childhood Education Certificate", major: "ECE", courses: ["ECE 10", "ECE 12", "ECE 20"] },
  { name: "Emergency Medical Services Certificate", major: "HLTH", courses: ["HLTH 50", "HLTH 60"] },
  { name: "Nursing Assistant Certificate", major: "HLTH", courses: ["HLTH 50", "HLTH 62"] },
  { name: "Web Development Certificate", major: "CIS", courses: ["CIS 2", "CIS 60", "CIS 64", "CIS 70"] },
];

/** Prerequisites among college-only courses (the sequences basic-skills and certificate students follow). */
export const COLLEGE_ONLY_PREREQS: Record<string, string> = {
  "MATH 210": "MATH 200",
  "MATH 220": "MATH 210",
  "MATH 43": "MATH 220",
  "ESL 252": "ESL 251",
  "ESL 5": "ESL 252",
  "ACCT 1B": "ACCT 1A",
  "AUTO 51": "AUTO 50A",
  "AUTO 52": "AUTO 50A",
  "AUTO 53": "AUTO 50A",
  "WELD 61": "WELD 60",
  "CULN 51": "CULN 50",
  "CIS 64": "CIS 60",
  "HLTH 60": "HLTH 50",
};
