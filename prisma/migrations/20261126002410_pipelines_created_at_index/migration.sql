-- The dashboard lists the newest pipelines across projects.
CREATE INDEX "pipelines_created_at_idx" ON "pipelines"("created_at" DESC);
