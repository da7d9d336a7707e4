-- The column arrays of 100 stored events, bound by every variant as the writer binds its batch
-- (only the event ids are new per execution). Needs >= 100 rows in events.
DROP TABLE IF EXISTS arrs100;
CREATE TABLE arrs100 AS
SELECT array_agg(received_at) a2, array_agg(event_time) a3, array_agg(event_type) a4, array_agg(purpose) a5,
       array_agg(user_key) a6, array_agg(anonymous_key) a7, array_agg(ip_network::text) a8, array_agg(ip_key) a9,
       array_agg(device_key) a10, array_agg(device_model) a11, array_agg(device_class) a12,
       array_agg(device_manufacturer) a13, array_agg(device_os) a14, array_agg(device_os_version) a15,
       array_agg(user_agent) a16, array_agg(browser_family) a17, array_agg(browser_major) a18, array_agg(os_family) a19,
       array_agg(convert_to(properties::text, 'UTF8')) a20, array_agg(policy_version) a21,
       array_agg(consent_version) a22, array_agg(consented) a23
FROM (SELECT * FROM events LIMIT 100) e;
