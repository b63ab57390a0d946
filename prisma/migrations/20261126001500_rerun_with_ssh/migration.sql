-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "ssh_requested_by_id" TEXT;

-- CreateTable
CREATE TABLE "ssh_terminal_tickets" (
    "token_hash" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "remote_address" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ssh_terminal_tickets_pkey" PRIMARY KEY ("token_hash")
);

-- CreateIndex
CREATE INDEX "ssh_terminal_tickets_expires_at_idx" ON "ssh_terminal_tickets"("expires_at");

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_ssh_requested_by_id_fkey" FOREIGN KEY ("ssh_requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
