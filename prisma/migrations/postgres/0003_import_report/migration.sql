-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "inCatalog" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN     "calendar" TEXT NOT NULL DEFAULT 'semester:Fall',
ADD COLUMN     "calendarSource" TEXT NOT NULL DEFAULT 'detected',
ADD COLUMN     "durationMs" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "files" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "subjects" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "terms" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "warnings" TEXT NOT NULL DEFAULT '[]';


-- Term ordinals move from year * 4 + (Winter 0, Spring 1, Summer 2, Fall 3) to year * 8 + slot
-- (Winter 1, Spring 2, Summer 4, Fall 5) so that short terms fit between; the ranges do not overlap.
UPDATE "Term" SET "ordinal" = ("ordinal" / 4) * 8 + CASE "ordinal" % 4 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 4 ELSE 5 END
WHERE "ordinal" < 10000;
