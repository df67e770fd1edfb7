"""Names shared by the hub and devices: document formats and target paths of sync."""

ITEM_FORMAT = "infomat-item/1"
CHANNEL_FORMAT = "infomat-channel/1"
DIRECTORY_FORMAT = "infomat-directory/1"
SNAPSHOT_FORMAT = "infomat-snapshot/1"
DIRECTORY_TARGET = "directory.json"


def channel_target(channel: str) -> str:
    """The TUF target path of a channel's index."""
    return f"channels/{channel}.json"
