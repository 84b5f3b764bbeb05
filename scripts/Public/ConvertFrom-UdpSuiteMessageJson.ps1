function ConvertFrom-UdpSuiteMessageJson {
    <#
    .SYNOPSIS
    Turns the JSON lines of "udpsuite listen --json" into message objects.

    .DESCRIPTION
    "udpsuite listen --json" prints one JSON object per received chat message and line:
    {"type":"message","id":"...","from":"alice","to":"bob","text":"hi","sentAt":"2026-11-24T01:02:03.456Z","sequence":7}.
    ConvertFrom-UdpSuiteMessageJson parses such lines (from the pipeline, e.g. straight from the command's output)
    into objects with typed properties. Empty lines and presence lines ("type":"presence") are skipped; a line that is not such an object is a
    non-terminating error (target: the line). Uses System.Text.Json, so it works where ConvertFrom-Json is not
    available; it needs PowerShell 7 (.NET), like the chat functions.

    .PARAMETER InputObject
    One line of "udpsuite listen --json" output; accepted from the pipeline.

    .EXAMPLE
    udpsuite listen --user bob --json --count 1 | ConvertFrom-UdpSuiteMessageJson

    Waits for one message to bob and returns it as an object (the password comes from UDPSUITE_PASSWORD).

    .EXAMPLE
    '{"id":"0f8e","from":"alice","to":"bob","text":"hi","sentAt":"2026-11-24T01:02:03.456Z","sequence":1}' | ConvertFrom-UdpSuiteMessageJson | ForEach-Object Text

    Parses one line and prints its text.

    .INPUTS
    System.String.

    .OUTPUTS
    UdpSuite.ChatMessage: Id, From, To, Text, SentAt (DateTimeOffset, UTC), Sequence (Int64).
    #>
    [CmdletBinding()]
    [OutputType('UdpSuite.ChatMessage')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [AllowEmptyString()]
        [AllowNull()]
        [string]$InputObject
    )

    begin {
        if ($null -eq ('System.Text.Json.JsonDocument' -as [type])) {
            $PSCmdlet.ThrowTerminatingError((New-UdpSuiteErrorRecord -Message 'ConvertFrom-UdpSuiteMessageJson needs System.Text.Json (PowerShell 7 or later)' `
                        -ErrorId 'UdpSuiteJsonUnavailable' -Category NotInstalled -Target $null))
        }
    }

    process {
        if ([string]::IsNullOrWhiteSpace($InputObject)) { return }
        $document = $null
        try {
            $document = [System.Text.Json.JsonDocument]::Parse($InputObject)
            $root = $document.RootElement
            $type = [System.Text.Json.JsonElement]::new()
            if ($root.TryGetProperty('type', [ref]$type) -and $type.GetString() -ne 'message') {
                return # a presence line ("type":"presence"): not a message
            }

            $sentAt = [System.DateTimeOffset]::Parse($root.GetProperty('sentAt').GetString(), [System.Globalization.CultureInfo]::InvariantCulture,
                [System.Globalization.DateTimeStyles]::AssumeUniversal)
            [pscustomobject]@{
                PSTypeName = 'UdpSuite.ChatMessage'
                Id         = $root.GetProperty('id').GetString()
                From       = $root.GetProperty('from').GetString()
                To         = $root.GetProperty('to').GetString()
                Text       = $root.GetProperty('text').GetString()
                SentAt     = $sentAt.ToUniversalTime()
                Sequence   = $root.GetProperty('sequence').GetInt64()
            }
        }
        catch {
            $PSCmdlet.WriteError((New-UdpSuiteErrorRecord -Message ('not a udpsuite listen --json line: {0}' -f $_.Exception.Message) `
                        -ErrorId 'UdpSuiteBadMessageJson' -Category InvalidData -Target $InputObject))
        }
        finally {
            if ($null -ne $document) { $document.Dispose() }
        }
    }

    end {
    }
}
