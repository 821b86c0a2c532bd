-- Issue 17: a shard may belong to one split of its data type (its rows are those whose key hashes
-- into the split's range), may keep only a sample (hash below sample_below), and may write several
-- pieces (one per time partition and file size step), listed in pieces once it completes.
ALTER TABLE exporter.export_shards ADD COLUMN split text;
ALTER TABLE exporter.export_shards ADD COLUMN sample_below bigint;
ALTER TABLE exporter.export_shards ADD COLUMN pieces jsonb;
