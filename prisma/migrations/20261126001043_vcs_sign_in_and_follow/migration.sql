-- Sign-in with GitHub, GitLab and Bitbucket, the user's repositories, following a repository.

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN "repositories_synced_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN "provider" "vcs_provider",
ADD COLUMN "vcs_owner" TEXT;

-- AlterTable
ALTER TABLE "projects" ADD COLUMN "vcs_deploy_key_id" TEXT,
ADD COLUMN "vcs_webhook_id" TEXT,
ADD COLUMN "unfollowed_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "repository_access" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "user_id" TEXT NOT NULL,
    "provider" "vcs_provider" NOT NULL,
    "vcs_repo_id" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "private" BOOLEAN NOT NULL,
    "default_branch" TEXT NOT NULL,
    "ssh_url" TEXT NOT NULL,
    "web_url" TEXT NOT NULL,
    "permission" TEXT NOT NULL,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "repository_access_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "repository_access_provider_vcs_repo_id_idx" ON "repository_access"("provider", "vcs_repo_id");

-- CreateIndex
CREATE UNIQUE INDEX "repository_access_user_id_provider_vcs_repo_id_key" ON "repository_access"("user_id", "provider", "vcs_repo_id");

-- CreateIndex
CREATE UNIQUE INDEX "organizations_provider_vcs_owner_key" ON "organizations"("provider", "vcs_owner");

-- AddForeignKey
ALTER TABLE "repository_access" ADD CONSTRAINT "repository_access_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
