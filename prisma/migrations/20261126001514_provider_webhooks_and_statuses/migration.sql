-- Webhooks of GitHub, GitLab and Bitbucket processed asynchronously, and commit statuses.

-- CreateEnum
CREATE TYPE "webhook_delivery_state" AS ENUM ('received', 'processing', 'processed', 'failed');

-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN "state" "webhook_delivery_state" NOT NULL DEFAULT 'processed',
ADD COLUMN "payload" JSONB,
ADD COLUMN "error" TEXT,
ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "claimed_at" TIMESTAMPTZ(3),
ADD COLUMN "processed_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "webhook_deliveries_state_received_at_idx" ON "webhook_deliveries"("state", "received_at");

-- AlterTable
ALTER TABLE "workflows" ADD COLUMN "commit_status_due" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "commit_status_state" TEXT,
ADD COLUMN "commit_status_error" TEXT,
ADD COLUMN "commit_status_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "commit_status_retry_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "projects" ADD COLUMN "provider_error" TEXT,
ADD COLUMN "provider_error_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "workflows_commit_status_due_commit_status_retry_at_idx" ON "workflows"("commit_status_due", "commit_status_retry_at");

-- Every change of a workflow's status, by whichever code makes it, marks the commit status
-- as due (set on insert too: a new workflow is reported as pending).
CREATE FUNCTION "cairn_mark_commit_status_due"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW."status" IS DISTINCT FROM OLD."status" THEN
    NEW."commit_status_due" := true;
    NEW."commit_status_attempts" := 0;
    NEW."commit_status_retry_at" := NULL;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "workflows_commit_status_due"
  BEFORE INSERT OR UPDATE OF "status" ON "workflows"
  FOR EACH ROW EXECUTE FUNCTION "cairn_mark_commit_status_due"();
