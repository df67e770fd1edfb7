"""The server side of device health: enrollment, ingest, fleet state, alerts, dashboard,
/metrics. Mounted into the server room by `device_agent.init_app`."""
