namespace Edge.Drivers.Ble;

/// <summary>Record Access Control Point (0x2A52) op codes (GLS 1.0 §3.108; reference/ble.md §1.8).</summary>
public enum RacpOpCode : byte
{
    ReportStoredRecords = 0x01,
    DeleteStoredRecords = 0x02,
    AbortOperation = 0x03,
    ReportNumberOfStoredRecords = 0x04,
    NumberOfStoredRecordsResponse = 0x05,
    ResponseCode = 0x06,
}

/// <summary>RACP operators.</summary>
public enum RacpOperator : byte
{
    Null = 0x00,
    AllRecords = 0x01,
    LessThanOrEqualTo = 0x02,
    GreaterThanOrEqualTo = 0x03,
    WithinRange = 0x04,
    FirstRecord = 0x05,
    LastRecord = 0x06,
}

/// <summary>RACP response code values (the last byte of <c>06 00 op code</c>).</summary>
public enum RacpResponseCode : byte
{
    Success = 0x01,
    OpCodeNotSupported = 0x02,
    InvalidOperator = 0x03,
    OperatorNotSupported = 0x04,
    InvalidOperand = 0x05,
    NoRecordsFound = 0x06,
    AbortUnsuccessful = 0x07,
    ProcedureNotCompleted = 0x08,
    OperandNotSupported = 0x09,
}

/// <summary>
/// A decoded RACP indication: either a response code to a request (<see cref="RequestOpCode"/>,
/// <see cref="Code"/>) or a number-of-records response (<see cref="NumberOfRecords"/>).
/// </summary>
public sealed record RacpResponse(RacpOpCode OpCode, RacpOpCode? RequestOpCode, RacpResponseCode? Code, int? NumberOfRecords);

/// <summary>Builds RACP requests and parses RACP indications. Stateless and thread-safe.</summary>
public static class Racp
{
    /// <summary>The 16-bit UUID of the characteristic.</summary>
    public const ushort CharacteristicUuid = 0x2A52;

    /// <summary>Filter type "sequence number" (operand of operators 2-4 in GLS).</summary>
    public const byte FilterSequenceNumber = 0x01;

    /// <summary><c>01 01</c>: report all stored records.</summary>
    public static byte[] ReportAll() => [(byte)RacpOpCode.ReportStoredRecords, (byte)RacpOperator.AllRecords];

    /// <summary><c>01 03 01 LL HH</c>: report records with sequence number ≥ <paramref name="sequence"/>.</summary>
    public static byte[] ReportFrom(ushort sequence) =>
        [(byte)RacpOpCode.ReportStoredRecords, (byte)RacpOperator.GreaterThanOrEqualTo, FilterSequenceNumber, (byte)sequence, (byte)(sequence >> 8)];

    /// <summary><c>04 01</c>: report the number of all stored records.</summary>
    public static byte[] CountAll() => [(byte)RacpOpCode.ReportNumberOfStoredRecords, (byte)RacpOperator.AllRecords];

    /// <summary><c>04 03 01 LL HH</c>: number of records with sequence number ≥ <paramref name="sequence"/>.</summary>
    public static byte[] CountFrom(ushort sequence) =>
        [(byte)RacpOpCode.ReportNumberOfStoredRecords, (byte)RacpOperator.GreaterThanOrEqualTo, FilterSequenceNumber, (byte)sequence, (byte)(sequence >> 8)];

    /// <summary><c>03 00</c>: abort the running procedure.</summary>
    public static byte[] Abort() => [(byte)RacpOpCode.AbortOperation, (byte)RacpOperator.Null];

    /// <summary>
    /// Parses an indication: <c>06 00 op code</c> (exactly 4 bytes) or <c>05 00 LL HH</c> (exactly 4 bytes: the GLS
    /// operand is a uint16). The operator must be Null; unknown response codes and op codes are rejected.
    /// </summary>
    public static ParseResult<RacpResponse> ParseResponse(ReadOnlySpan<byte> packet)
    {
        var r = new PacketReader(packet, "Record Access Control Point");
        if (!r.TakeByte("Op Code", null, out var op) || !r.TakeByte("Operator", null, out var oper))
        {
            return ParseResult.Failure<RacpResponse>(r.Error!);
        }

        if (oper != 0)
        {
            return ParseResult.Failure<RacpResponse>("Record Access Control Point: a response must carry the Null operator");
        }

        switch ((RacpOpCode)op)
        {
            case RacpOpCode.ResponseCode:
                if (!r.TakeByte("Request Op Code", null, out var req) || !r.TakeByte("Response Code Value", null, out var code) || !r.End())
                {
                    return ParseResult.Failure<RacpResponse>(r.Error!);
                }

                if (req is 0 or > 4)
                {
                    return ParseResult.Failure<RacpResponse>("Record Access Control Point: response names an op code that is not a request (valid 1-4)");
                }

                if (code is 0 or > 9)
                {
                    return ParseResult.Failure<RacpResponse>("Record Access Control Point: reserved response code value (valid 1-9)");
                }

                return ParseResult.Success(new RacpResponse(RacpOpCode.ResponseCode, (RacpOpCode)req, (RacpResponseCode)code, null));
            case RacpOpCode.NumberOfStoredRecordsResponse:
                if (!r.TakeUInt16("Number of Records", null, out var count) || !r.End())
                {
                    return ParseResult.Failure<RacpResponse>(r.Error!);
                }

                return ParseResult.Success(new RacpResponse(RacpOpCode.NumberOfStoredRecordsResponse, null, null, count));
            default:
                return ParseResult.Failure<RacpResponse>("Record Access Control Point: op code is not a response (expected 0x05 or 0x06)");
        }
    }
}
