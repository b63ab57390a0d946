-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "copied_from_id" TEXT;

-- CreateIndex
CREATE INDEX "jobs_copied_from_id_idx" ON "jobs"("copied_from_id");

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_copied_from_id_fkey" FOREIGN KEY ("copied_from_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
