-- Heavy output is stored in segment blobs, a row per chunk then pointing into one:
-- a row has its data, or a segment key, offset and length.
ALTER TABLE "log_chunks" ALTER COLUMN "data" DROP NOT NULL,
ADD COLUMN "segment_key" TEXT,
ADD COLUMN "segment_offset" INTEGER,
ADD COLUMN "segment_length" INTEGER;
