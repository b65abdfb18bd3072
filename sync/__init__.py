"""Both ends of sync: wire protocol, station client, central service."""
