-- The sample provider database: FHIR R4 resources stored as jsonb with their ids and versions,
-- in the manner of HAPI FHIR's JPA server (hfj_resource for the current version, hfj_res_ver for
-- every version). Idempotent: safe to apply to a database that already has it.

CREATE TABLE IF NOT EXISTS fhir_resource (
    res_type     text        NOT NULL,
    res_id       text        NOT NULL,
    -- 1 for a new resource, +1 on every update, as FHIR's meta.versionId.
    res_ver      integer     NOT NULL CHECK (res_ver >= 1),
    -- The provider-local Patient id the resource is about (its own id for a Patient).
    patient_id   text        NOT NULL,
    content      jsonb       NOT NULL,
    last_updated timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (res_type, res_id)
);

-- Change capture needs the whole old row of updates and deletes (the patient of a deleted
-- record, unchanged TOAST values of an update).
ALTER TABLE fhir_resource REPLICA IDENTITY FULL;

-- Every version ever written, kept by the trigger below: the database's own change history,
-- which exactly-once tests compare with the ehr channel.
CREATE TABLE IF NOT EXISTS fhir_resource_history (
    res_type     text        NOT NULL,
    res_id       text        NOT NULL,
    res_ver      integer     NOT NULL,
    -- C, U or D.
    operation    char(1)     NOT NULL,
    content      jsonb,
    changed_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    seq          bigserial   PRIMARY KEY
);

CREATE OR REPLACE FUNCTION fhir_resource_keep_history() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO fhir_resource_history (res_type, res_id, res_ver, operation, content)
        VALUES (OLD.res_type, OLD.res_id, OLD.res_ver, 'D', NULL);
        RETURN OLD;
    END IF;
    INSERT INTO fhir_resource_history (res_type, res_id, res_ver, operation, content)
    VALUES (NEW.res_type, NEW.res_id, NEW.res_ver, CASE WHEN TG_OP = 'INSERT' THEN 'C' ELSE 'U' END, NEW.content);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS fhir_resource_history_trigger ON fhir_resource;
CREATE TRIGGER fhir_resource_history_trigger
    AFTER INSERT OR UPDATE OR DELETE ON fhir_resource
    FOR EACH ROW EXECUTE FUNCTION fhir_resource_keep_history();
