using System.Globalization;
using System.Text.Json;
using Azure;
using GeminiBalance.Clients;

namespace GeminiBalance.Admin;

/// <summary>
/// <c>/manage/clients</c>: make (<c>POST</c>, answering the secret once), list, read, change (<c>PATCH</c>) and delete
/// client keys, and read one's use per day and model (<c>GET {id}/usage?days=</c>). These routes read and write storage
/// (the admin path may); the change shows on this instance at once and on the others after their next sync.
/// </summary>
internal static class ClientEndpoints
{
    private const int MaxUsageDays = 31;

    public static RouteGroupBuilder MapClientEndpoints(this RouteGroupBuilder clients)
    {
        clients.MapGet("", ListAsync);
        clients.MapPost("", CreateAsync);
        clients.MapGet("{id}", GetAsync);
        clients.MapPatch("{id}", ChangeAsync);
        clients.MapDelete("{id}", DeleteAsync);
        clients.MapGet("{id}/usage", UsageAsync);
        return clients;
    }

    private static Task<IResult> ListAsync(IClientStore store, ClientMeters meters, TimeProvider time, CancellationToken cancellationToken) =>
        WithStorageAsync(async () =>
        {
            var now = time.GetUtcNow();
            var clients = await store.LoadAsync(cancellationToken);
            var views = clients.OrderByDescending(client => client.Created).Select(client => ClientView.Of(client, meters, now)).ToList();
            return TypedResults.Json(new ClientList(views), AdminJsonContext.Default.ClientList);
        });

    private static async Task<IResult> CreateAsync(HttpContext context, IClientStore store, ClientDirectory directory, ClientMeters meters, TimeProvider time)
    {
        var (body, error) = await ReadObjectAsync(context);
        if (error is not null)
        {
            return error;
        }

        var now = time.GetUtcNow();
        var secret = ClientSecret.NewSecret();
        var fresh = new ClientKey(ClientSecret.NewId(), "", ClientSecret.Digest(secret), true, null, [], ClientLimits.None, null, now);
        var (client, problem) = ClientFields.Apply(fresh, body);
        if (client is null || client.Name.Length == 0)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, problem ?? "Bad field(s): name is required (a label for the key, e.g. the team or app using it).");
        }

        return await WithStorageAsync(async () =>
        {
            await store.SaveAsync(client, context.RequestAborted);
            directory.Put(client);
            return TypedResults.Json(new CreatedClient(client.Id, secret, ClientView.Of(client, meters, now)), AdminJsonContext.Default.CreatedClient, statusCode: StatusCodes.Status201Created);
        });
    }

    private static Task<IResult> GetAsync(string id, IClientStore store, ClientMeters meters, TimeProvider time, CancellationToken cancellationToken) =>
        WithStorageAsync(async () => await FindAsync(store, id, cancellationToken) is { } client
            ? Json(ClientView.Of(client, meters, time.GetUtcNow()))
            : NotFound(id));

    private static async Task<IResult> ChangeAsync(string id, HttpContext context, IClientStore store, ClientDirectory directory, ClientMeters meters, TimeProvider time)
    {
        var (body, error) = await ReadObjectAsync(context);
        if (error is not null)
        {
            return error;
        }

        return await WithStorageAsync(async () =>
        {
            if (await FindAsync(store, id, context.RequestAborted) is not { } client)
            {
                return NotFound(id);
            }

            var (changed, problem) = ClientFields.Apply(client, body);
            if (changed is null)
            {
                return AdminBody.Problem(StatusCodes.Status400BadRequest, problem!);
            }

            await store.SaveAsync(changed, context.RequestAborted);
            directory.Put(changed);
            return Json(ClientView.Of(changed, meters, time.GetUtcNow()));
        });
    }

    private static Task<IResult> DeleteAsync(string id, IClientStore store, ClientDirectory directory, CancellationToken cancellationToken) =>
        WithStorageAsync(async () =>
        {
            if (!await store.DeleteAsync(id, cancellationToken))
            {
                return NotFound(id);
            }

            directory.Remove(id);
            return TypedResults.NoContent();
        });

    private static async Task<IResult> UsageAsync(string id, string? days, IClientStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var count = 7;
        if (!string.IsNullOrEmpty(days) && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxUsageDays))
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, $"days must be a whole number from 1 to {MaxUsageDays}.");
        }

        return await WithStorageAsync(async () =>
        {
            if (await FindAsync(store, id, cancellationToken) is null)
            {
                return NotFound(id);
            }

            var today = ClientWindow.DayOf(time.GetUtcNow());
            var reads = Enumerable.Range(0, count)
                .Select(back => new ClientWindow(WindowKind.Day, today.Number - back))
                .Select(async window => (Window: window, Count: await store.FindCountAsync(window, id, cancellationToken)));
            var usage = (await Task.WhenAll(reads))
                .Where(day => day.Count is not null)
                .Select(day => new ClientUsageDay(day.Window.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Count!.Requests, day.Count.Tokens, day.Count.ByModel))
                .ToList();
            return TypedResults.Json(new ClientUsageReport(id, usage), AdminJsonContext.Default.ClientUsageReport);
        });
    }

    private static async Task<ClientKey?> FindAsync(IClientStore store, string id, CancellationToken cancellationToken) =>
        (await store.LoadAsync(cancellationToken)).FirstOrDefault(client => client.Id == id);

    private static async Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpContext context)
    {
        var (body, error) = await AdminBody.ReadAsync(context);
        if (body is null)
        {
            return (default, error);
        }

        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException exception)
        {
            return (default, AdminBody.Problem(StatusCodes.Status400BadRequest, $"The body is not JSON: {exception.Message}"));
        }
    }

    private static async Task<IResult> WithStorageAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException)
        {
            return AdminBody.Problem(StatusCodes.Status503ServiceUnavailable, $"Table Storage did not answer ({exception.GetType().Name}); try again.");
        }
    }

    private static IResult Json(ClientView view) => TypedResults.Json(view, AdminJsonContext.Default.ClientView);

    private static IResult NotFound(string id) => AdminBody.Problem(StatusCodes.Status404NotFound, $"There is no client key with the id '{id}'.");
}
