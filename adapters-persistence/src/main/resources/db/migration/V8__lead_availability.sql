-- The last iMessage availability check of a lead (GET /api/leads/check-availability writes it): V1 already had the
-- status column; the values are now constrained and the time of the check is kept.
ALTER TABLE leads
    ADD CONSTRAINT leads_availability_status CHECK (availability_status IN ('available', 'unavailable', 'error')),
    ADD COLUMN availability_checked_at timestamptz;
