-- The change feed reads one resource's rows in sequence order (satchmo_export.changelog).
CREATE INDEX satchmo_export_changelog_resource_id ON satchmo_export_changelog (resource, id);
