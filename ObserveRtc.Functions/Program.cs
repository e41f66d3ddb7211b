using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ObserveRtc.Functions;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration for the read-only HTTP functions.
builder.ConfigureFunctionsWebApplication();

// host.json sets "telemetryMode": "OpenTelemetry"; the worker's spans and logs join the host's traces.
var telemetry = builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    // Application Insights has local auth off: export with the app's identity (AZURE_CLIENT_ID).
    telemetry.UseAzureMonitorExporter(options => options.Credential = new DefaultAzureCredential());
}

// ObserveRtc.Core: settings from the "ObserveRtc" section (app settings ObserveRtc__Storage__*,
// ObserveRtc__Publishing__*, ...), validated here, so a bad setting stops the worker at start.
builder.Services.AddObserveRtc(builder.Configuration);

builder.Build().Run();
