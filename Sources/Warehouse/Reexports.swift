// The calendar day is a shared vocabulary type of the bottom layer; the warehouse speaks in it everywhere.
@_exported import struct SourceFormats.Day
@_exported import struct SourceFormats.DayRange
