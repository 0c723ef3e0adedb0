# Build 党支部工作台 for Windows: the PyInstaller bundle, the NSIS installer and the portable .zip.
#
# Run on 64-bit Windows 10/11 in the repository, in PowerShell:
#   py -3.11 -m venv .venv-build
#   .venv-build\Scripts\python -m pip install . pyinstaller
#   powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1 -Python .venv-build\Scripts\python.exe
# Needs NSIS 3 (https://nsis.sourceforge.io, makensis.exe on PATH or in its default folder).
#
# Results in dist\:
#   dangjian-desktop\                         the bundle (dangjian-desktop.exe windowed, dangjian-cli.exe console)
#   党支部工作台-<version>-安装程序.exe        per-user installer, no administrator rights
#   党支部工作台-<version>-便携版.zip           portable: unzip anywhere, data\ beside the program
param(
    [string]$Python = "python",
    [int]$BuildNumber = 0,
    [switch]$SkipInstaller
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$Dist = Join-Path $Root "dist"
$Bundle = Join-Path $Dist "dangjian-desktop"
$started = Get-Date

function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

# --- version: MAJOR.MINOR.PATCH.BUILD ------------------------------------------------------------
$version = (& $Python -c "import dangjian_desktop as d; print(d.__version__)").Trim()
$parts = @($version.Split(".") | ForEach-Object { [int]$_ })
while ($parts.Count -lt 3) { $parts += 0 }
$Version4 = "{0}.{1}.{2}.{3}" -f $parts[0], $parts[1], $parts[2], $BuildNumber
Write-Host "党支部工作台 $Version4"

# --- 1. bundle ---------------------------------------------------------------------------------------
if (Test-Path $Bundle) { Remove-Item -Recurse -Force $Bundle }
Invoke-Checked "PyInstaller" {
    & $Python -m PyInstaller --noconfirm --log-level WARN --distpath $Dist --workpath (Join-Path $Root "build\pyinstaller") installer\dangjian-desktop.spec
}

# --- 2. smoke test of the bundle: it must run on its own, without Python -------------------------
$check = Join-Path $env:TEMP ("dangjian-build-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $check | Out-Null
try {
    $cli = Join-Path $Bundle "dangjian-cli.exe"
    $db = Join-Path $check "branch.sqlite3"
    $env:QT_QPA_PLATFORM = "offscreen"
    $savedPath = $env:PATH
    $env:PATH = "$env:SystemRoot\System32;$env:SystemRoot"      # no Python on PATH
    try {
        Invoke-Checked "demo" { & $cli --db $db demo }
        Invoke-Checked "check" { & $cli --db $db check }
        Invoke-Checked "report roster" { & $cli --db $db report roster --out (Join-Path $check "roster.pdf") }
        Invoke-Checked "gui --screenshot" { & $cli --db $db gui --screenshot (Join-Path $check "members.png") }
    } finally {
        $env:PATH = $savedPath
        Remove-Item Env:QT_QPA_PLATFORM
    }
} finally {
    Remove-Item -Recurse -Force $check
}

# --- 3. installer -------------------------------------------------------------------------------------
if (-not $SkipInstaller) {
    $makensis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
    if (-not $makensis) {
        foreach ($candidate in @("${env:ProgramFiles(x86)}\NSIS\makensis.exe", "$env:ProgramFiles\NSIS\makensis.exe")) {
            if (Test-Path $candidate) { $makensis = $candidate; break }
        }
    }
    if (-not $makensis) { throw "makensis.exe not found: install NSIS 3 or pass -SkipInstaller" }
    $setup = Join-Path $Dist "党支部工作台-$Version4-安装程序.exe"
    # makensis works in the script's folder: every path handed to it is absolute.
    Invoke-Checked "makensis" {
        & $makensis /INPUTCHARSET UTF8 "/DVERSION=$Version4" "/DBUNDLE=$Bundle" "/DOUTFILE=$setup" (Join-Path $Root "installer\dangjian-desktop.nsi")
    }
}

# --- 4. portable zip: the bundle + portable.txt + data\ ---------------------------------------------
$stage = Join-Path $Root "build\portable"
if (Test-Path $stage) { Remove-Item -Recurse -Force $stage }
$folder = Join-Path $stage "dangjian-desktop"
Copy-Item -Recurse $Bundle $folder
Copy-Item (Join-Path $Root "installer\portable.txt") (Join-Path $folder "portable.txt")
New-Item -ItemType Directory -Path (Join-Path $folder "data") | Out-Null
# An empty folder does not survive every unzip tool: a note keeps data\ in the archive.
Set-Content -Encoding UTF8 -Path (Join-Path $folder "data\请勿删除此文件夹.txt") -Value "党员名册等数据保存在这个文件夹里。复制程序时请连同这个文件夹一起复制。"
$zip = Join-Path $Dist "党支部工作台-$Version4-便携版.zip"
if (Test-Path $zip) { Remove-Item -Force $zip }
Compress-Archive -Path $folder -DestinationPath $zip -CompressionLevel Optimal

$size = "{0:N0} MB" -f ((Get-ChildItem -Recurse $Bundle | Measure-Object -Property Length -Sum).Sum / 1MB)
Write-Host ("bundle $size, done in {0:N0} s" -f ((Get-Date) - $started).TotalSeconds)
