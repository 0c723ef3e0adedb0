"""党支部工作台: an offline desktop program for a rural party branch."""

__version__ = "0.1.0"
APP_NAME = "党支部工作台"
APP_ID = "dangjian-desktop"
