"""Writers: turn findings and consolidated data into files people read."""
